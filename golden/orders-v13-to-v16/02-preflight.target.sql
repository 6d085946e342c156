-- lrplan step 02-preflight.target.sql
--
-- Purpose:        Check that the target can subscribe: version, the tables exist, no subscription of the same name, and it can log in to the source.
-- Runs on:        the target cluster
-- Preconditions:
--   - the target schema is restored
--   - psql variable source_conninfo holds the source's connection string
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
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7711451848416749251' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '02-preflight.target.sql', 'target',
      '7711451848416749251';
  END IF;
END $lrplan_guard$;

DO $lrplan$
DECLARE
  missing text;
BEGIN
  IF EXISTS (SELECT 1 FROM pg_subscription WHERE subname = 'subs_migration_v16') THEN
    RAISE EXCEPTION 'lrplan: a subscription named % already exists', 'subs_migration_v16';
  END IF;
  IF current_setting('max_logical_replication_workers')::int < 1 THEN
    RAISE EXCEPTION 'lrplan: max_logical_replication_workers is 0: no apply worker can start (LR004)';
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

-- Can this cluster log in to the other one with the connection string its subscription will use (psql variable
-- source_conninfo)? A subscription is created here without a slot and rolled back at once: it connects, exactly as the
-- real one will, so a password that only reaches lrplan's own connections (~/.pgpass on the operator's machine)
-- fails now, before anything exists, not halfway through the migration. The string stays in this session.
SELECT set_config('lrplan.probe_conninfo', :'source_conninfo', false) IS NOT NULL AS probe_ready;
DO $lrplan_probe$
BEGIN
  IF coalesce(current_setting('lrplan.probe_conninfo', true), '') = '' THEN
    -- The statement above ran in an earlier session (apply resumed this step after an interruption).
    RAISE NOTICE 'lrplan: the login check did not run in this session; run this step again whole with psql to check';
    RETURN;
  END IF;
  BEGIN
    -- Quiet: from 15 the server warns that the publication does not exist yet (it is created later).
    PERFORM set_config('client_min_messages', 'error', true);
    EXECUTE format('CREATE SUBSCRIPTION %I CONNECTION %L PUBLICATION %I'
                   ' WITH (connect = true, enabled = false, create_slot = false, slot_name = NONE)',
                   'subs_migration_v16_probe', current_setting('lrplan.probe_conninfo'), 'migration_v16_expanded_pub');
    RAISE EXCEPTION 'lrplan_probe_connected';
  EXCEPTION WHEN OTHERS THEN
    IF SQLERRM <> 'lrplan_probe_connected' THEN
      RAISE EXCEPTION 'lrplan: this cluster cannot connect to the % with the connection string its subscription will use: %',
        'source', SQLERRM
        USING HINT = format('A password lrplan found for itself (~/.pgpass, PGPASSWORD) is passed on; otherwise put it in'
          ' the connection string, and check pg_hba.conf on the %s for connections from this one.'
          ' PostgreSQL keeps a subscription''s connection string, password included, in pg_subscription:'
          ' use a dedicated replication role, and change its password after the upgrade.', 'source');
    END IF;
  END;
END $lrplan_probe$;
SELECT set_config('lrplan.probe_conninfo', '', false) IS NOT NULL AS probe_cleared;
