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
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7712665209690067751' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '03-target-schema.target.sql', 'target',
      '7712665209690067751';
  END IF;
END $lrplan_guard$;

BEGIN;
SET LOCAL lock_timeout = '5s';

-- Drift shims: source-only columns, nullable, with no default and no constraint, so that every
-- replicated row finds a column of its name.
ALTER TABLE public.orders ADD COLUMN IF NOT EXISTS deprecated_flag boolean;
ALTER TABLE public.orders ADD COLUMN IF NOT EXISTS legacy_total numeric(12,2);

-- Renamed column: legacy_total (as on the source) is copied into total_amount; a write that sets only
-- the new column (the new application) is copied back into the old one, so the rollback path carries it too.
-- One function and one trigger per table, for every renamed and filled column of the table.
-- ENABLE ALWAYS: ordinary triggers do not fire in the logical replication apply worker.
CREATE OR REPLACE FUNCTION public.lrplan_drift_b2852c9f() RETURNS trigger LANGUAGE plpgsql AS $lrplan$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.legacy_total IS NOT NULL THEN
      NEW.total_amount := NEW.legacy_total;
    ELSE
      NEW.legacy_total := NEW.total_amount;
    END IF;
  ELSIF NEW.legacy_total IS DISTINCT FROM OLD.legacy_total THEN
    NEW.total_amount := NEW.legacy_total;
  ELSIF NEW.total_amount IS DISTINCT FROM OLD.total_amount THEN
    NEW.legacy_total := NEW.total_amount;
  END IF;
  RETURN NEW;
END $lrplan$;
DROP TRIGGER IF EXISTS lrplan_drift ON public.orders;
CREATE TRIGGER lrplan_drift BEFORE INSERT OR UPDATE ON public.orders
  FOR EACH ROW EXECUTE PROCEDURE public.lrplan_drift_b2852c9f();
ALTER TABLE public.orders ENABLE ALWAYS TRIGGER lrplan_drift;

COMMIT;
