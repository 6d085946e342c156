-- lrplan step 16-confirm-final-lsn.source.sql
--
-- Purpose:        After writes stop on the source: wait until the target has confirmed the source's final WAL position.
-- Runs on:        the source cluster
-- Preconditions:
--   - the application no longer writes to the source
-- Transactional:  yes
-- Lock risk:      none
-- Undo:           nothing to undo (reads only)
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 16-confirm-final-lsn.source.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 13 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '16-confirm-final-lsn.source.sql', 'source', '13', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '16-confirm-final-lsn.source.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7712665202982744840' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '16-confirm-final-lsn.source.sql', 'source',
      '7712665202982744840';
  END IF;
END $lrplan_guard$;

-- Writes have stopped: wait until the subscriber confirms everything up to the current WAL position.
-- The insert position, not pg_current_wal_lsn(): that is only what was written out so far, and with
-- synchronous_commit = off the last commits may still sit in WAL buffers beyond it.
DO $lrplan$
DECLARE
  final_lsn pg_lsn := pg_current_wal_insert_lsn();
  confirmed pg_lsn;
BEGIN
  FOR i IN 1..300 LOOP
    SELECT confirmed_flush_lsn INTO confirmed FROM pg_replication_slots WHERE slot_name = 'subs_slot_migration_v16';
    IF confirmed IS NULL THEN
      RAISE EXCEPTION 'lrplan: replication slot % does not exist', 'subs_slot_migration_v16';
    END IF;
    IF confirmed >= final_lsn THEN
      RAISE NOTICE 'lrplan: the target confirmed % (final LSN %)', confirmed, final_lsn;
      RETURN;
    END IF;
    PERFORM pg_sleep(1);
  END LOOP;
  RAISE EXCEPTION 'lrplan: after % s the target has confirmed only % of the final LSN %', 300,
    confirmed, final_lsn;
END $lrplan$;
