-- lrplan step 07-subscription.target.sql
--
-- Purpose:        Make the target a pglogical subscriber and subscribe to the source: the initial copy starts at once.
-- Runs on:        the target cluster
-- Preconditions:
--   - the provider exists
--   - psql variables source_conninfo and target_conninfo hold the connection strings
-- Transactional:  yes
-- Lock risk:      none
-- Undo:           SELECT pglogical.drop_subscription('subs_v16')
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
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7712601196504749395' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '07-subscription.target.sql', 'target',
      '7712601196504749395';
  END IF;
END $lrplan_guard$;

CREATE EXTENSION IF NOT EXISTS pglogical;

-- Safe to run again: a subscription that an earlier run of this step created is not created twice.
SELECT NOT EXISTS (SELECT FROM pglogical.subscription WHERE sub_name = 'subs_v16') AS lrplan_pending
\gset
\if :lrplan_pending
BEGIN;
-- The DSNs come from the psql variables target_conninfo and source_conninfo; they are never written here.
SELECT pglogical.create_node(node_name := 'lrp_abc89eac_tgt', dsn := :'target_conninfo')
 WHERE NOT EXISTS (SELECT FROM pglogical.node WHERE node_name = 'lrp_abc89eac_tgt');
SELECT pglogical.create_subscription(subscription_name := 'subs_v16',
  provider_dsn := :'source_conninfo', replication_sets := ARRAY['default', 'default_insert_only'],
  synchronize_structure := false, synchronize_data := true, forward_origins := '{}');
COMMIT;
\else
\echo 'lrplan: the subscription exists already (an earlier run of this step created it): nothing to do'
\endif
