-- lrplan step 27-drift-cleanup.target.sql
--
-- Purpose:        After the rollback window: back up each shim column's data with the row's key, then drop the shims and drift triggers, one transaction per table.
-- Runs on:        the target cluster
-- Preconditions:
--   - the rollback window is over
--   - no subscription writes to the target
-- Transactional:  yes
-- Lock risk:      ACCESS EXCLUSIVE on the tables named (lock_timeout bounds the wait)
-- Undo:           restore a column from lrplan_backup as the step's comments show (the backup tables keep the row's key)
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 27-drift-cleanup.target.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 16 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '27-drift-cleanup.target.sql', 'target', '16', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '27-drift-cleanup.target.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7712665209690067751' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '27-drift-cleanup.target.sql', 'target',
      '7712665209690067751';
  END IF;
END $lrplan_guard$;

CREATE SCHEMA IF NOT EXISTS lrplan_backup;

-- To put a column back, e.g. deprecated_flag, match the backup on the row's key:
--   ALTER TABLE public.orders ADD COLUMN deprecated_flag boolean;
--   UPDATE public.orders t SET deprecated_flag = b.deprecated_flag FROM lrplan_backup."public.orders" b WHERE t.id = b.id;
-- Safe to run again: a table whose shims (or trigger) an earlier run dropped is skipped.
SELECT EXISTS (SELECT FROM pg_catalog.pg_attribute WHERE attrelid = 'public.orders'::regclass
  AND attname = 'deprecated_flag' AND NOT attisdropped) AS lrplan_pending
\gset
\if :lrplan_pending
BEGIN;
SET LOCAL lock_timeout = '5s';
CREATE TABLE lrplan_backup."public.orders" AS SELECT id, deprecated_flag, legacy_total FROM public.orders;
DROP TRIGGER IF EXISTS lrplan_drift ON public.orders;
DROP FUNCTION IF EXISTS public.lrplan_drift_b2852c9f();
ALTER TABLE public.orders
  DROP COLUMN deprecated_flag,
  DROP COLUMN legacy_total
  ;
COMMIT;
\endif
