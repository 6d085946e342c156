-- lrplan step 05-replica-identity.source.sql
--
-- Purpose:        Give tables without a primary key a replica identity, so UPDATE and DELETE keep working once published.
-- Runs on:        the source cluster
-- Preconditions:
--   - data checks passed
-- Transactional:  yes
-- Lock risk:      ACCESS EXCLUSIVE on the tables named (lock_timeout bounds the wait)
-- Undo:           ALTER TABLE … REPLICA IDENTITY DEFAULT on each table listed
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 05-replica-identity.source.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 13 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '05-replica-identity.source.sql', 'source', '13', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '05-replica-identity.source.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7711451843072595620' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '05-replica-identity.source.sql', 'source',
      '7711451843072595620';
  END IF;
END $lrplan_guard$;

BEGIN;
SET LOCAL lock_timeout = '5s';
ALTER TABLE public.audit_log REPLICA IDENTITY FULL;
COMMIT;
