-- lrplan step 16-rollback-subscription.source.sql
--
-- Purpose:        Subscribe the old cluster to the new one, without copying: it follows every write from now on.
-- Runs on:        the source cluster
-- Preconditions:
--   - the rollback sets exist
--   - psql variables source_conninfo and target_conninfo hold the connection strings
-- Transactional:  no (runs statement by statement, outside a transaction block)
-- Lock risk:      none
-- Undo:           SELECT pglogical.drop_subscription('lrp_abc89eac_rb')
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 16-rollback-subscription.source.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 906 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '16-rollback-subscription.source.sql', 'source', '9.6', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '16-rollback-subscription.source.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7712601202125862262' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '16-rollback-subscription.source.sql', 'source',
      '7712601202125862262';
  END IF;
END $lrplan_guard$;

CREATE EXTENSION IF NOT EXISTS pglogical;

-- Safe to run again: a subscription that an earlier run of this step created is not created twice.
SELECT NOT EXISTS (SELECT FROM pglogical.subscription WHERE sub_name = 'lrp_abc89eac_rb') AS lrplan_pending
\gset
\if :lrplan_pending
BEGIN;
-- The DSNs come from the psql variables source_conninfo and target_conninfo; they are never written here.
SELECT pglogical.create_node(node_name := 'lrp_abc89eac_src', dsn := :'source_conninfo')
 WHERE NOT EXISTS (SELECT FROM pglogical.node WHERE node_name = 'lrp_abc89eac_src');
SELECT pglogical.create_subscription(subscription_name := 'lrp_abc89eac_rb',
  provider_dsn := :'target_conninfo', replication_sets := ARRAY['lrplan_rollback', 'lrplan_rollback_io'],
  synchronize_structure := false, synchronize_data := false, forward_origins := '{}');
COMMIT;
\else
\echo 'lrplan: the subscription exists already (an earlier run of this step created it): nothing to do'
\endif

-- The rollback path loses nothing only if its slot exists before the first write on the new cluster, and
-- pglogical creates the slot in the background: wait until the subscription replicates (at most 5 minutes).
DO $lrplan$
DECLARE
  s text;
BEGIN
  FOR i IN 1..1500 LOOP
    SELECT status INTO s FROM pglogical.show_subscription_status('lrp_abc89eac_rb');
    EXIT WHEN s = 'replicating';
    PERFORM pg_sleep(0.2);
  END LOOP;
  IF s IS DISTINCT FROM 'replicating' THEN
    RAISE EXCEPTION 'lrplan: subscription % is %, not replicating, after 5 minutes: keep the application off the new cluster, read this cluster''s log, and run this step again', 'lrp_abc89eac_rb', s;
  END IF;
END $lrplan$;
