-- lrplan step 07-subscription.target.sql
--
-- Purpose:        Create the subscription, disabled; this creates the replication slot on the source.
-- Runs on:        the target cluster
-- Preconditions:
--   - the publication exists
--   - psql variable source_conninfo holds the source's connection string
-- Transactional:  no (runs statement by statement, outside a transaction block)
-- Lock risk:      none
-- Undo:           DROP SUBSCRIPTION bouncer_upgrade_sub (also drops the slot on the source)
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 07-subscription.target.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 16 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '07-subscription.target.sql', 'target', '16', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '07-subscription.target.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7711451848416749251' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '07-subscription.target.sql', 'target',
      '7711451848416749251';
  END IF;
END $lrplan_guard$;

-- Safe to run again: a subscription that an earlier run of this step created is not created twice.
SELECT NOT EXISTS (SELECT FROM pg_catalog.pg_subscription WHERE subname = 'bouncer_upgrade_sub'
  AND subdbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())) AS lrplan_pending
\gset
\if :lrplan_pending
-- The connection string comes from the psql variable source_conninfo; it is never written here.
CREATE SUBSCRIPTION bouncer_upgrade_sub
  CONNECTION :'source_conninfo'
  PUBLICATION bouncer_upgrade_pub
  WITH (
    enabled = false,
    create_slot = true,
    slot_name = 'bouncer_upgrade_sub',
    copy_data = true
  );
\else
\echo 'lrplan: the subscription exists already (an earlier run of this step created it): nothing to do'
\endif
