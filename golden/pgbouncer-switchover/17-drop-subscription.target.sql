-- lrplan step 17-drop-subscription.target.sql
--
-- Purpose:        Stop replicating from the old cluster: drop the subscription (and with it the slot on the source).
-- Runs on:        the target cluster
-- Preconditions:
--   - sequences are synced
--   - the source's final LSN is confirmed
-- Transactional:  no (runs statement by statement, outside a transaction block)
-- Lock risk:      none
-- Undo:           recreate the subscription with copy_data = false
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 17-drop-subscription.target.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 16 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '17-drop-subscription.target.sql', 'target', '16', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '17-drop-subscription.target.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7711451848416749251' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '17-drop-subscription.target.sql', 'target',
      '7711451848416749251';
  END IF;
END $lrplan_guard$;

-- Safe to run again: a subscription that an earlier run of this step dropped is not looked for.
SELECT EXISTS (SELECT FROM pg_catalog.pg_subscription WHERE subname = 'bouncer_upgrade_sub'
  AND subdbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())) AS lrplan_pending
\gset
\if :lrplan_pending
ALTER SUBSCRIPTION bouncer_upgrade_sub DISABLE;
DROP SUBSCRIPTION bouncer_upgrade_sub;
\else
\echo 'lrplan: the subscription is gone already (an earlier run of this step dropped it): nothing to do'
\endif
