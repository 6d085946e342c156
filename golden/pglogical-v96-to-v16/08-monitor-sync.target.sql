-- lrplan step 08-monitor-sync.target.sql
--
-- Purpose:        Show the subscription's status and the initial sync state per table; run as often as needed.
-- Runs on:        the target cluster
-- Preconditions:
--   - the subscription exists
-- Transactional:  yes
-- Lock risk:      none
-- Undo:           nothing to undo (reads only)
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 08-monitor-sync.target.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 16 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '08-monitor-sync.target.sql', 'target', '16', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '08-monitor-sync.target.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7712601196504749395' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '08-monitor-sync.target.sql', 'target',
      '7712601196504749395';
  END IF;
END $lrplan_guard$;

\echo 'Subscription status'
SELECT subscription_name, status, slot_name FROM pglogical.show_subscription_status('subs_v16');

\echo 'Initial sync: tables per state (ready = r)'
SELECT sync_status AS code, count(*) AS tables,
       string_agg(sync_nspname || '.' || sync_relname, ', ' ORDER BY sync_nspname, sync_relname)
         FILTER (WHERE sync_status <> 'r') AS not_ready
  FROM pglogical.local_sync_status
 WHERE sync_relname IS NOT NULL
 GROUP BY sync_status
 ORDER BY sync_status;
