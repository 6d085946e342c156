-- lrplan step 26-drop-rollback-subscription.source.sql
--
-- Purpose:        After the rollback window: drop the rollback subscription (and its slot on the new cluster).
-- Runs on:        the source cluster
-- Preconditions:
--   - the rollback window is over
-- Transactional:  no (runs statement by statement, outside a transaction block)
-- Lock risk:      none
-- Undo:           run rollback-subscription again
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 26-drop-rollback-subscription.source.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 13 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '26-drop-rollback-subscription.source.sql', 'source', '13', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '26-drop-rollback-subscription.source.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7711451843072595620' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '26-drop-rollback-subscription.source.sql', 'source',
      '7711451843072595620';
  END IF;
END $lrplan_guard$;

-- Safe to run again: a subscription that an earlier run of this step dropped is not looked for.
SELECT EXISTS (SELECT FROM pg_catalog.pg_subscription WHERE subname = 'bouncer_upgrade_sub_rollback'
  AND subdbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())) AS lrplan_pending
\gset
\if :lrplan_pending
ALTER SUBSCRIPTION bouncer_upgrade_sub_rollback DISABLE;
DROP SUBSCRIPTION bouncer_upgrade_sub_rollback;
\else
\echo 'lrplan: the subscription is gone already (an earlier run of this step dropped it): nothing to do'
\endif
