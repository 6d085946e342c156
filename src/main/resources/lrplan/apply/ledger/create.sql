SET synchronous_commit = on;
SET lock_timeout = '10s';
CREATE SCHEMA IF NOT EXISTS lrplan;
CREATE TABLE IF NOT EXISTS lrplan.apply_ledger (
  id bigserial PRIMARY KEY,
  plan text NOT NULL,
  step int NOT NULL,
  file text NOT NULL,
  sha256 text NOT NULL,
  cluster text NOT NULL,
  outcome text NOT NULL,
  statements_done int NOT NULL DEFAULT 0,
  started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  finished_at timestamptz,
  error text,
  applied_by text NOT NULL DEFAULT current_user
);
-- 'interrupted': an attempt whose apply died; the lock is ours, so nothing else is running it.
-- 'skipped': a step of the way back, passed over when the rollback window closed without going back.
ALTER TABLE lrplan.apply_ledger DROP CONSTRAINT IF EXISTS apply_ledger_outcome_check,
  ADD CONSTRAINT apply_ledger_outcome_check CHECK (outcome IN ('running', 'succeeded', 'failed', 'interrupted', 'skipped'));
COMMENT ON TABLE lrplan.apply_ledger IS 'lrplan apply: one row per attempt at a step; drop the schema lrplan when the upgrade is over';
