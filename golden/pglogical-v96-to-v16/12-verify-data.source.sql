-- lrplan step 12-verify-data.source.sql
--
-- Purpose:        After the final position is confirmed: count (and checksum) every table on the source and print the statements that check the same on the target; pipe them into psql on the target.
-- Runs on:        the source cluster
-- Preconditions:
--   - the application no longer writes to the source
--   - the target confirmed the final position
-- Transactional:  yes
-- Lock risk:      none
-- Undo:           nothing to undo (reads only)
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 12-verify-data.source.sql

--
-- This step prints SQL for the target, which checks there what this step measured on the source. Run it as:
--   psql -X -v ON_ERROR_STOP=1 -f 12-verify-data.source.sql SOURCE | psql -X -v ON_ERROR_STOP=1 -f - TARGET
-- Checksums: the md5 of the sorted md5s of each row's text, over the source's columns, with the settings that
-- shape text output fixed alike on both clusters.

-- Quiet: no command tags or psql messages in the output, which is SQL for the target, with or without -q.
\set QUIET on
\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 906 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '12-verify-data.source.sql', 'source', '9.6', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '12-verify-data.source.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7712601202125862262' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '12-verify-data.source.sql', 'source',
      '7712601202125862262';
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
SELECT 'DO $lrplan_guard$ BEGIN IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END FROM (SELECT current_setting(''server_version_num'')::int AS v) s) <> 16 THEN RAISE EXCEPTION ''lrplan: data verification must be applied on the target cluster (PostgreSQL %), not on PostgreSQL %'', ''16'', current_setting(''server_version''); END IF; IF current_database() <> ''shop'' THEN RAISE EXCEPTION ''lrplan: data verification must be applied in database %, not %'', ''shop'', current_database(); END IF; END $lrplan_guard$;';
SELECT 'SET TimeZone = ''UTC''; SET DateStyle = ''ISO, MDY''; SET IntervalStyle = ''postgres''; SET extra_float_digits = 3; SET bytea_output = ''hex'';';
-- Compared after a cast on the target: public.customers.id: bigint read as integer
-- Compared after a cast on the target: public.customers.email: character varying(255) read as text
SELECT format('DO $lrplan_verify$ DECLARE n bigint; s text; BEGIN SELECT count(*), md5(string_agg(h, '''' ORDER BY h)) INTO n, s FROM (SELECT md5(ROW(id::integer, name, email::text, created_at)::text) AS h FROM public.customers) r; IF n <> %1$s OR s IS DISTINCT FROM %2$L THEN RAISE EXCEPTION ''lrplan: table %% differs: %% rows on the source, %% on the target (row checksums %% and %%)'', ''public.customers'', %1$s, n, %2$L, s; END IF; RAISE NOTICE ''lrplan: %% verified: %% rows, checksums equal'', ''public.customers'', n; END $lrplan_verify$;', n, sum)
  FROM (SELECT count(*) AS n, md5(string_agg(h, '' ORDER BY h)) AS sum
          FROM (SELECT md5(ROW(id, name, email, created_at)::text) AS h FROM public.customers) r) x;
-- Compared after a cast on the target: public.order_items.id: bigint read as integer
-- Compared after a cast on the target: public.order_items.order_id: bigint read as integer
-- Compared after a cast on the target: public.order_items.price: numeric(12,2) read as numeric(10,2)
SELECT format('DO $lrplan_verify$ DECLARE n bigint; s text; BEGIN SELECT count(*), md5(string_agg(h, '''' ORDER BY h)) INTO n, s FROM (SELECT md5(ROW(id::integer, order_id::integer, sku, quantity, price::numeric(10,2))::text) AS h FROM public.order_items) r; IF n <> %1$s OR s IS DISTINCT FROM %2$L THEN RAISE EXCEPTION ''lrplan: table %% differs: %% rows on the source, %% on the target (row checksums %% and %%)'', ''public.order_items'', %1$s, n, %2$L, s; END IF; RAISE NOTICE ''lrplan: %% verified: %% rows, checksums equal'', ''public.order_items'', n; END $lrplan_verify$;', n, sum)
  FROM (SELECT count(*) AS n, md5(string_agg(h, '' ORDER BY h)) AS sum
          FROM (SELECT md5(ROW(id, order_id, sku, quantity, price)::text) AS h FROM public.order_items) r) x;
-- Compared after a cast on the target: public.orders.id: bigint read as integer
-- Compared after a cast on the target: public.orders.customer_id: bigint read as integer
SELECT format('DO $lrplan_verify$ DECLARE n bigint; s text; BEGIN SELECT count(*), md5(string_agg(h, '''' ORDER BY h)) INTO n, s FROM (SELECT md5(ROW(id::integer, customer_id::integer, status, legacy_total, deprecated_flag, created_at)::text) AS h FROM public.orders) r; IF n <> %1$s OR s IS DISTINCT FROM %2$L THEN RAISE EXCEPTION ''lrplan: table %% differs: %% rows on the source, %% on the target (row checksums %% and %%)'', ''public.orders'', %1$s, n, %2$L, s; END IF; RAISE NOTICE ''lrplan: %% verified: %% rows, checksums equal'', ''public.orders'', n; END $lrplan_verify$;', n, sum)
  FROM (SELECT count(*) AS n, md5(string_agg(h, '' ORDER BY h)) AS sum
          FROM (SELECT md5(ROW(id, customer_id, status, legacy_total, deprecated_flag, created_at)::text) AS h FROM public.orders) r) x;
