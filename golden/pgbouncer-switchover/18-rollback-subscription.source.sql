-- lrplan step 18-rollback-subscription.source.sql
--
-- Purpose:        Subscribe the old cluster to the new one, without copying: it follows every write from now on.
-- Runs on:        the source cluster
-- Preconditions:
--   - the rollback publication exists
--   - psql variable target_conninfo holds the target's connection string
-- Transactional:  no (runs statement by statement, outside a transaction block)
-- Lock risk:      none
-- Undo:           DROP SUBSCRIPTION bouncer_upgrade_sub_rollback
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 18-rollback-subscription.source.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 13 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '18-rollback-subscription.source.sql', 'source', '13', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '18-rollback-subscription.source.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7711451843072595620' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '18-rollback-subscription.source.sql', 'source',
      '7711451843072595620';
  END IF;
END $lrplan_guard$;

-- Safe to run again: a subscription that an earlier run of this step created is not created twice.
SELECT NOT EXISTS (SELECT FROM pg_catalog.pg_subscription WHERE subname = 'bouncer_upgrade_sub_rollback'
  AND subdbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())) AS lrplan_pending
\gset
\if :lrplan_pending
-- The connection string comes from the psql variable target_conninfo; it is never written here.
CREATE SUBSCRIPTION bouncer_upgrade_sub_rollback
  CONNECTION :'target_conninfo'
  PUBLICATION bouncer_upgrade_pub_rollback
  WITH (
    copy_data = false,
    create_slot = true,
    slot_name = 'bouncer_upgrade_sub_rollback'
  );
\else
\echo 'lrplan: the subscription exists already (an earlier run of this step created it): nothing to do'
\endif
