-- lrplan step 14-verify-data.source.sql
--
-- Purpose:        After the final position is confirmed: count (and checksum) every table on the source and print the statements that check the same on the target; pipe them into psql on the target.
-- Runs on:        the source cluster
-- Preconditions:
--   - the application no longer writes to the source
--   - the target confirmed the final position
-- Transactional:  yes
-- Lock risk:      none
-- Undo:           nothing to undo (reads only)
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 14-verify-data.source.sql

--
-- This step prints SQL for the target, which checks there what this step measured on the source. Run it as:
--   psql -X -v ON_ERROR_STOP=1 -f 14-verify-data.source.sql SOURCE | psql -X -v ON_ERROR_STOP=1 -f - TARGET
-- Checksums: the md5 of the sorted md5s of each row's text, over the source's columns, with the settings that
-- shape text output fixed alike on both clusters. Where a table has a key, its rows are also cut into about 16
-- ranges of the key's first column (width_bucket over thresholds taken on the source), so that a mismatch names
-- the first range that differs.

-- Quiet: no command tags or psql messages in the output, which is SQL for the target, with or without -q.
\set QUIET on
\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 13 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '14-verify-data.source.sql', 'source', '13', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '14-verify-data.source.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7711451843072595620' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '14-verify-data.source.sql', 'source',
      '7711451843072595620';
  END IF;
END $lrplan_guard$;

SET TimeZone = 'UTC';
SET DateStyle = 'ISO, MDY';
SET IntervalStyle = 'postgres';
SET extra_float_digits = 3;
SET bytea_output = 'hex';
\pset tuples_only on
\pset format unaligned
SELECT '\set ON_ERROR_STOP on';
-- The target's own guard, first in what this step prints for it.
SELECT $lrplan_target_guard$
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 16 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      'the output of 14-verify-data.source.sql', 'target', '16', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', 'the output of 14-verify-data.source.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7711451848416749251' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', 'the output of 14-verify-data.source.sql', 'target',
      '7711451848416749251';
  END IF;
END $lrplan_guard$;

$lrplan_target_guard$;

SELECT 'SET TimeZone = ''UTC''; SET DateStyle = ''ISO, MDY''; SET IntervalStyle = ''postgres''; SET extra_float_digits = 3; SET bytea_output = ''hex'';';
-- The function that compares one table on the target, in the target session only (pg_temp).
SELECT $lrplan_verify_function$
CREATE OR REPLACE FUNCTION pg_temp.lrplan_verify(
    display text, tbl text, row_expr text, key_name text, key_expr text, key_type text,
    n bigint, s text, thresholds text, bw int[], bn bigint[], bs text[]) RETURNS void
LANGUAGE plpgsql AS $body$
DECLARE
  tn bigint; ts text; w int; sn bigint; tw bigint; lo text; hi text; at text := '';
BEGIN
  IF row_expr IS NULL THEN
    EXECUTE format('SELECT count(*) FROM %s', tbl) INTO tn;
  ELSE
    EXECUTE format('SELECT count(*), md5(string_agg(h, %L ORDER BY h)) FROM (SELECT md5(ROW(%s)::text) AS h FROM %s) r',
                   '', row_expr, tbl) INTO tn, ts;
  END IF;
  IF tn = n AND ts IS NOT DISTINCT FROM s THEN
    RAISE NOTICE 'lrplan: % verified: % rows%', display, tn, CASE WHEN s IS NULL THEN '' ELSE ', checksums equal' END;
    RETURN;
  END IF;
  IF thresholds IS NOT NULL THEN
    EXECUTE format($q$SELECT w, coalesce(src.n, 0), coalesce(t.n, 0)
        FROM (SELECT width_bucket(k, %L::%s[]) AS w, count(*) AS n, md5(string_agg(h, '' ORDER BY h)) AS s
                FROM (SELECT %s AS k, md5(ROW(%s)::text) AS h FROM %s) r GROUP BY 1) t
        FULL JOIN unnest($1, $2, $3) AS src(w, n, s) USING (w)
       WHERE t.n IS DISTINCT FROM src.n OR t.s IS DISTINCT FROM src.s
       ORDER BY w LIMIT 1$q$, thresholds, key_type, key_expr, row_expr, tbl)
      INTO w, sn, tw USING bw, bn, bs;
    IF w IS NOT NULL THEN
      lo := (thresholds::text[])[w];
      hi := (thresholds::text[])[w + 1];
      at := format('; first differing key range: %s (%s rows on the source, %s on the target)',
                   CASE WHEN w = 0 THEN format('%s < %s', key_name, (thresholds::text[])[1])
                        WHEN hi IS NULL THEN format('%s >= %s', key_name, lo)
                        ELSE format('%s >= %s and %s < %s', key_name, lo, key_name, hi) END,
                   sn, tw);
    END IF;
  END IF;
  IF s IS NULL THEN
    RAISE EXCEPTION 'lrplan: table % differs: % rows on the source, % on the target%', display, n, tn, at;
  END IF;
  RAISE EXCEPTION 'lrplan: table % differs: % rows on the source, % on the target (row checksums % and %)%',
    display, n, tn, s, ts, at;
END
$body$;
$lrplan_verify_function$;
-- The function that measures one table on the source, in this session only (pg_temp): its row count and, where
-- a row expression is given, the checksum, and where a key is given, the counts and checksums of about 16 ranges
-- of the key (width_bucket over thresholds taken here). It returns the statement that checks the same on the target.
CREATE OR REPLACE FUNCTION pg_temp.lrplan_measure(
    display text, tbl text, source_row text, target_row text,
    key_name text, target_key text, key_type text) RETURNS text
LANGUAGE plpgsql AS $lrplan_measure_function$
DECLARE
  n bigint; s text; th text; bw int[]; bn bigint[]; bs text[];
BEGIN
  IF source_row IS NULL THEN
    EXECUTE format('SELECT count(*) FROM %s', tbl) INTO n;
    RETURN format('SELECT pg_temp.lrplan_verify(%L, %L, NULL, NULL, NULL, NULL, %s, NULL, NULL, NULL, NULL, NULL);',
                  display, tbl, n);
  END IF;
  IF key_name IS NULL THEN
    EXECUTE format($q$SELECT count(*), md5(string_agg(h, '' ORDER BY h)) FROM (SELECT md5(ROW(%s)::text) AS h FROM %s) r$q$,
                   source_row, tbl) INTO n, s;
    RETURN format('SELECT pg_temp.lrplan_verify(%L, %L, %L, NULL, NULL, NULL, %s, %L, NULL, NULL, NULL, NULL);',
                  display, tbl, target_row, n, s);
  END IF;
  EXECUTE format($q$
    WITH r AS (SELECT %s AS k, md5(ROW(%s)::text) AS h FROM %s),
         d AS (SELECT k, row_number() OVER (ORDER BY k) AS i, count(*) OVER () AS c FROM (SELECT DISTINCT k FROM r) u),
         th AS (SELECT array_agg(k ORDER BY k) AS a FROM d WHERE (i - 1) %% greatest(1, c / 16) = 0),
         b AS (SELECT width_bucket(k, (SELECT a FROM th)) AS w, count(*) AS n, md5(string_agg(h, '' ORDER BY h)) AS s
                 FROM r GROUP BY 1)
    SELECT (SELECT count(*) FROM r), (SELECT md5(string_agg(h, '' ORDER BY h)) FROM r), (SELECT a FROM th)::text,
           (SELECT array_agg(w ORDER BY w) FROM b), (SELECT array_agg(n ORDER BY w) FROM b),
           (SELECT array_agg(s ORDER BY w) FROM b)$q$,
    key_name, source_row, tbl) INTO n, s, th, bw, bn, bs;
  RETURN format('SELECT pg_temp.lrplan_verify(%L, %L, %L, %L, %L, %L, %s, %L, %L, %L, %L, %L);',
                display, tbl, target_row, key_name, target_key, key_type, n, s, th, bw, bn, bs);
END
$lrplan_measure_function$;

-- One statement per table (each takes and frees its own lock), in the order of the arguments above: the table as
-- shown, the table, the source's and the target's row expressions, the key (its name is its expression here), the
-- target's key expression and the key's type; NULL where the table is only counted, or has no key to cut into ranges.
SELECT pg_temp.lrplan_measure('public.audit_log', 'public.audit_log', 'logged_at, message', 'logged_at, message', NULL, NULL, NULL);
SELECT pg_temp.lrplan_measure('public.customers', 'public.customers', 'id, name, email, created_at', 'id, name, email, created_at', 'id', 'id', 'bigint');
SELECT pg_temp.lrplan_measure('public.django_migrations', 'public.django_migrations', 'id, app, name, applied', 'id, app, name, applied', 'id', 'id', 'bigint');
SELECT pg_temp.lrplan_measure('public.order_items', 'public.order_items', 'id, order_id, sku, quantity, price', 'id, order_id, sku, quantity, price', 'id', 'id', 'bigint');
SELECT pg_temp.lrplan_measure('public.orders', 'public.orders', 'id, customer_id, status, total_amount, channel, created_at', 'id, customer_id, status, total_amount, channel, created_at', 'id', 'id', 'bigint');
