-- lrplan step 20-cleanup-target.target.sql
--
-- Purpose:        After the rollback window: drop the forward subscription if it is still there, the rollback sets and the target's pglogical node, and check that no slot of this plan is left.
-- Runs on:        the target cluster
-- Preconditions:
--   - the rollback subscription is dropped
-- Transactional:  yes
-- Lock risk:      brief catalog locks
-- Undo:           run rollback-provider again
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 20-cleanup-target.target.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 16 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '20-cleanup-target.target.sql', 'target', '16', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '20-cleanup-target.target.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7712601196504749395' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '20-cleanup-target.target.sql', 'target',
      '7712601196504749395';
  END IF;
END $lrplan_guard$;

-- Safe to run again: every call is ifexists.
SELECT pglogical.drop_subscription('subs_v16', ifexists := true);
SELECT pglogical.drop_replication_set('lrplan_rollback', ifexists := true);
SELECT pglogical.drop_replication_set('lrplan_rollback_io', ifexists := true);
SELECT pglogical.drop_node('lrp_abc89eac_tgt', ifexists := true);

-- A slot left behind retains WAL until the disk fills.
DO $lrplan$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = 'pgl_shop_lrp_abc89eac_tgt_lrp_abc89eac_rb') THEN
    RAISE EXCEPTION 'lrplan: replication slot % is still there; drop it with pg_drop_replication_slot once nothing uses it',
      'pgl_shop_lrp_abc89eac_tgt_lrp_abc89eac_rb';
  END IF;
END $lrplan$;
