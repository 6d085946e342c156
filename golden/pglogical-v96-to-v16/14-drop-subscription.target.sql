-- lrplan step 14-drop-subscription.target.sql
--
-- Purpose:        Stop replicating from the old cluster: drop the pglogical subscription (and its slot on the source).
-- Runs on:        the target cluster
-- Preconditions:
--   - sequences are synced
--   - the source's final LSN is confirmed
-- Transactional:  yes
-- Lock risk:      none
-- Undo:           recreate the subscription with synchronize_data := false
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 14-drop-subscription.target.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 16 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '14-drop-subscription.target.sql', 'target', '16', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '14-drop-subscription.target.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7712601196504749395' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '14-drop-subscription.target.sql', 'target',
      '7712601196504749395';
  END IF;
END $lrplan_guard$;

-- Safe to run again: ifexists. pglogical drops the subscription's slot on the provider too.
SELECT pglogical.drop_subscription('subs_v16', ifexists := true);
