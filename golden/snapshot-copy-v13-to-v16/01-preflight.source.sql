-- lrplan step 01-preflight.source.sql
--
-- Purpose:        Check that the source can publish: version, wal_level, a free slot and sender, no name clashes; and that it can log in to the target for the rollback path.
-- Runs on:        the source cluster
-- Preconditions:
--   - the plan's findings have no errors
--   - psql variable target_conninfo holds the target's connection string
-- Transactional:  yes
-- Lock risk:      none
-- Undo:           nothing to undo (reads only)
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 01-preflight.source.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 13 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '01-preflight.source.sql', 'source', '13', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '01-preflight.source.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7712665202982744840' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '01-preflight.source.sql', 'source',
      '7712665202982744840';
  END IF;
END $lrplan_guard$;

DO $lrplan$
BEGIN
  IF current_setting('wal_level') <> 'logical' THEN
    RAISE EXCEPTION 'lrplan: wal_level is %, publishing needs logical (LR001)', current_setting('wal_level');
  END IF;
  IF (SELECT count(*) FROM pg_replication_slots) >= current_setting('max_replication_slots')::int THEN
    RAISE EXCEPTION 'lrplan: no replication slot is free (max_replication_slots = %) (LR002)',
      current_setting('max_replication_slots');
  END IF;
  IF EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = 'subs_slot_migration_v16') THEN
    RAISE EXCEPTION 'lrplan: a replication slot named % already exists', 'subs_slot_migration_v16';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'migration_v16_expanded_pub') THEN
    RAISE EXCEPTION 'lrplan: a publication named % already exists', 'migration_v16_expanded_pub';
  END IF;
END $lrplan$;

-- Can this cluster log in to the other one with the connection string its subscription will use (psql variable
-- target_conninfo)? A subscription is created here without a slot and rolled back at once: it connects, exactly as the
-- real one will, so a password that only reaches lrplan's own connections (~/.pgpass on the operator's machine)
-- fails now, before anything exists, not halfway through the migration. The string stays in this session.
SELECT set_config('lrplan.probe_conninfo', :'target_conninfo', false) IS NOT NULL AS probe_ready;
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
                   'subs_migration_v16_rollback_probe', current_setting('lrplan.probe_conninfo'), 'migration_v16_expanded_pub_rollback');
    RAISE EXCEPTION 'lrplan_probe_connected';
  EXCEPTION WHEN OTHERS THEN
    IF SQLERRM <> 'lrplan_probe_connected' THEN
      RAISE EXCEPTION 'lrplan: this cluster cannot connect to the % with the connection string its subscription will use: %',
        'target', SQLERRM
        USING HINT = format('A password lrplan found for itself (~/.pgpass, PGPASSWORD) is passed on; otherwise put it in'
          ' the connection string, and check pg_hba.conf on the %s for connections from this one.'
          ' PostgreSQL keeps a subscription''s connection string, password included, in pg_subscription:'
          ' use a dedicated replication role, and change its password after the upgrade.', 'target');
    END IF;
  END;
END $lrplan_probe$;
SELECT set_config('lrplan.probe_conninfo', '', false) IS NOT NULL AS probe_cleared;
