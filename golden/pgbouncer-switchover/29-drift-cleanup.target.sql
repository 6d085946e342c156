-- lrplan step 29-drift-cleanup.target.sql
--
-- Purpose:        After the rollback window: back up each shim column's data with the row's key, then drop the shims and drift triggers, one transaction per table.
-- Runs on:        the target cluster
-- Preconditions:
--   - the rollback window is over
--   - no subscription writes to the target
-- Transactional:  yes
-- Lock risk:      ACCESS EXCLUSIVE on the tables named (lock_timeout bounds the wait)
-- Undo:           restore a column from lrplan_backup as the step's comments show (the backup tables keep the row's key)
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 29-drift-cleanup.target.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 16 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '29-drift-cleanup.target.sql', 'target', '16', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '29-drift-cleanup.target.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7711451848416749251' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '29-drift-cleanup.target.sql', 'target',
      '7711451848416749251';
  END IF;
END $lrplan_guard$;

-- Nothing to clean up: the plan added no shims and no drift triggers.
