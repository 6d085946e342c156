-- lrplan step 19-cleanup-source.source.sql
--
-- Purpose:        After the rollback window: drop the rollback subscription and the source's pglogical node, and check that no slot of this plan is left.
-- Runs on:        the source cluster
-- Preconditions:
--   - the rollback window is over
-- Transactional:  yes
-- Lock risk:      brief catalog locks
-- Undo:           run provider (and rollback-subscription) again
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 19-cleanup-source.source.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 906 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '19-cleanup-source.source.sql', 'source', '9.6', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '19-cleanup-source.source.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7712601202125862262' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '19-cleanup-source.source.sql', 'source',
      '7712601202125862262';
  END IF;
END $lrplan_guard$;

-- Safe to run again: every call is ifexists.
SELECT pglogical.drop_subscription('lrp_abc89eac_rb', ifexists := true);
SELECT pglogical.drop_node('lrp_abc89eac_src', ifexists := true);

-- A slot left behind retains WAL until the disk fills.
DO $lrplan$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = 'pgl_shop_lrp_abc89eac_src_subs_v16') THEN
    RAISE EXCEPTION 'lrplan: replication slot % is still there; drop it with pg_drop_replication_slot once nothing uses it',
      'pgl_shop_lrp_abc89eac_src_subs_v16';
  END IF;
END $lrplan$;
