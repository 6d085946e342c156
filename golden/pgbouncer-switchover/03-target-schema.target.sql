-- lrplan step 03-target-schema.target.sql
--
-- Purpose:        Add drift shims (source-only columns, nullable, no default) and the drift triggers (ENABLE ALWAYS) that carry renamed columns and fill the plan's new columns on the target.
-- Runs on:        the target cluster
-- Preconditions:
--   - the target schema is restored
--   - the target has no application traffic
-- Transactional:  yes
-- Lock risk:      brief catalog locks
-- Undo:           the drift-cleanup step drops every shim and trigger this step adds
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 03-target-schema.target.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 16 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '03-target-schema.target.sql', 'target', '16', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '03-target-schema.target.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7711451848416749251' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '03-target-schema.target.sql', 'target',
      '7711451848416749251';
  END IF;
END $lrplan_guard$;

-- Nothing to add: the target has every column the source publishes, and the plan renames and fills none.
