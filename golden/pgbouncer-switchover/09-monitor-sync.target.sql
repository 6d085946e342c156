-- lrplan step 09-monitor-sync.target.sql
--
-- Purpose:        Show the initial sync state per table and the apply lag; run as often as needed.
-- Runs on:        the target cluster
-- Preconditions:
--   - the subscription is enabled
-- Transactional:  yes
-- Lock risk:      none
-- Undo:           nothing to undo (reads only)
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 09-monitor-sync.target.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 16 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '09-monitor-sync.target.sql', 'target', '16', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '09-monitor-sync.target.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7711451848416749251' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '09-monitor-sync.target.sql', 'target',
      '7711451848416749251';
  END IF;
END $lrplan_guard$;

\echo 'Initial sync: tables per state (ready = r)'
SELECT srsubstate AS code,
       CASE srsubstate WHEN 'i' THEN 'initializing' WHEN 'd' THEN 'data copying' WHEN 'f' THEN 'finished data copy'
                       WHEN 's' THEN 'synchronized' WHEN 'r' THEN 'ready' ELSE 'unknown' END AS state,
       count(*) AS tables,
       string_agg(srrelid::regclass::text, ', ' ORDER BY srrelid::regclass::text)
         FILTER (WHERE srsubstate <> 'r') AS not_ready
  FROM pg_subscription_rel
 WHERE srsubid = (SELECT oid FROM pg_subscription WHERE subname = 'bouncer_upgrade_sub')
 GROUP BY srsubstate
 ORDER BY srsubstate;

\echo 'Apply lag'
SELECT subname, received_lsn, latest_end_lsn, last_msg_receipt_time, latest_end_time,
       pg_wal_lsn_diff(received_lsn, latest_end_lsn) AS bytes_pending_apply,
       clock_timestamp() - latest_end_time AS lag
  FROM pg_stat_subscription
 WHERE subname = 'bouncer_upgrade_sub';
