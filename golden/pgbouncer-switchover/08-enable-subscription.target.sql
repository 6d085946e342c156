-- lrplan step 08-enable-subscription.target.sql
--
-- Purpose:        Start the initial copy and streaming.
-- Runs on:        the target cluster
-- Preconditions:
--   - the subscription exists
-- Transactional:  yes
-- Lock risk:      none
-- Undo:           ALTER SUBSCRIPTION bouncer_upgrade_sub DISABLE
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 08-enable-subscription.target.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 16 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '08-enable-subscription.target.sql', 'target', '16', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '08-enable-subscription.target.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7711451848416749251' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '08-enable-subscription.target.sql', 'target',
      '7711451848416749251';
  END IF;
END $lrplan_guard$;

ALTER SUBSCRIPTION bouncer_upgrade_sub ENABLE;
