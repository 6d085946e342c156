-- lrplan step 02-preflight.target.sql
--
-- Purpose:        Check that the target can subscribe: pglogical loaded and installed, the tables exist, no node of the same name.
-- Runs on:        the target cluster
-- Preconditions:
--   - the target schema is restored
-- Transactional:  yes
-- Lock risk:      none
-- Undo:           nothing to undo (reads only)
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 02-preflight.target.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 16 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '02-preflight.target.sql', 'target', '16', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '02-preflight.target.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7712601196504749395' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '02-preflight.target.sql', 'target',
      '7712601196504749395';
  END IF;
END $lrplan_guard$;

DO $lrplan$
DECLARE
  missing text;
BEGIN
  IF current_setting('shared_preload_libraries') NOT LIKE '%pglogical%' THEN
    RAISE EXCEPTION 'lrplan: pglogical is not in shared_preload_libraries on the target: add it and restart';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_available_extensions WHERE name = 'pglogical') THEN
    RAISE EXCEPTION 'lrplan: the pglogical extension is not installed on the target server';
  END IF;
  -- Every table the plan replicates: its name as regclass reads it, and as shown.
  SELECT string_agg(display, ', ' ORDER BY display) INTO missing
    FROM (VALUES
      ('public.audit_log', 'public.audit_log'),
      ('public.customers', 'public.customers'),
      ('public.order_items', 'public.order_items'),
      ('public.orders', 'public.orders')
    ) AS t(name, display)
   WHERE to_regclass(name) IS NULL;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION 'lrplan: table(s) missing on the target: %', missing;
  END IF;
  IF EXISTS (SELECT FROM pg_extension WHERE extname = 'pglogical') THEN
    IF EXISTS (SELECT FROM pglogical.node WHERE node_name = 'lrp_abc89eac_tgt') THEN
      RAISE EXCEPTION 'lrplan: a pglogical node named % already exists on the target', 'lrp_abc89eac_tgt';
    END IF;
  END IF;
END $lrplan$;

-- The initial copy needs empty target tables: a row the new schema's install script inserted would stop the copy
-- on a duplicate key. Say per table what happens in tables.target_rows (truncate, keep-target, exclude).
-- One block per 500 tables: a block is one transaction, and holds a lock on each table it reads until it
-- ends, so that no block needs more room in the server's lock table than max_locks_per_transaction gives.
DO $lrplan$
DECLARE
  not_empty text[] := '{}';
BEGIN
  IF EXISTS (SELECT FROM public.audit_log) THEN
    not_empty := not_empty || 'public.audit_log'::text;
  END IF;
  IF EXISTS (SELECT FROM public.customers) THEN
    not_empty := not_empty || 'public.customers'::text;
  END IF;
  IF EXISTS (SELECT FROM public.order_items) THEN
    not_empty := not_empty || 'public.order_items'::text;
  END IF;
  IF EXISTS (SELECT FROM public.orders) THEN
    not_empty := not_empty || 'public.orders'::text;
  END IF;
  IF cardinality(not_empty) > 0 THEN
    RAISE EXCEPTION 'lrplan: target table(s) already hold rows: %; set tables.target_rows for each (truncate, keep-target or exclude), compile and review again', array_to_string(not_empty, ', ');
  END IF;
END $lrplan$;
