-- lrplan step 11-confirm-final-lsn.source.sql
--
-- Purpose:        After writes stop on the source: wait until the target has confirmed the source's final WAL position.
-- Runs on:        the source cluster
-- Preconditions:
--   - the application no longer writes to the source
-- Transactional:  yes
-- Lock risk:      none
-- Undo:           nothing to undo (reads only)
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 11-confirm-final-lsn.source.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 906 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '11-confirm-final-lsn.source.sql', 'source', '9.6', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '11-confirm-final-lsn.source.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7712601202125862262' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '11-confirm-final-lsn.source.sql', 'source',
      '7712601202125862262';
  END IF;
END $lrplan_guard$;

-- No transaction of another session may still be writing in this database (it holds a transaction ID), nor
-- wait prepared: it would commit after the final position, and that write would never reach the new cluster.
-- (lrplan sees every session when it runs as a superuser or with pg_read_all_stats.)
DO $lrplan$
DECLARE
  w record;
BEGIN
  SELECT pid, usename, application_name, xact_start INTO w
    FROM pg_catalog.pg_stat_activity
   WHERE datname = current_database() AND pid <> pg_catalog.pg_backend_pid() AND backend_xid IS NOT NULL
     AND query NOT LIKE 'autovacuum:%'
   ORDER BY xact_start
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'lrplan: a transaction is still writing on the source (pid %, user %, application %, since %)', w.pid,
      w.usename, w.application_name, w.xact_start
      USING DETAIL = 'Its commit would come after the final position and never reach the new cluster.',
            HINT = 'Stop the application''s writes (or end that session: SELECT pg_terminate_backend(' || w.pid || ')), then run this step again.';
  END IF;
  -- Reported, not refused: other sessions still connected to this database (the application's?), the most
  -- recently active first, with when they last ran a statement.
  FOR w IN SELECT pid, usename, application_name, state, state_change
             FROM pg_catalog.pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_catalog.pg_backend_pid()
              AND query NOT LIKE 'autovacuum:%'
              AND application_name NOT LIKE 'lrplan%'
            ORDER BY state_change DESC NULLS LAST
            LIMIT 5 LOOP
    RAISE WARNING 'lrplan: session % (user %, application %) is still connected to the source: %, last statement at %',
      w.pid, w.usename, w.application_name, w.state, w.state_change;
  END LOOP;
  SELECT gid, owner, prepared INTO w FROM pg_catalog.pg_prepared_xacts WHERE database = current_database() LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'lrplan: prepared transaction % (owner %, since %) waits on the source', w.gid, w.owner, w.prepared
      USING DETAIL = 'Its COMMIT PREPARED would come after the final position and never reach the new cluster.',
            HINT = 'COMMIT PREPARED or ROLLBACK PREPARED it, then run this step again.';
  END IF;
END $lrplan$;

-- Writes have stopped: wait until the subscriber has everything up to the current WAL position.
-- The insert position, not pg_current_wal_lsn(): that is only what was written out so far, and with
-- synchronous_commit = off the last commits may still sit in WAL buffers beyond it.
-- Where the target has not reported the final position yet, a transaction that carries only a logical message is
-- committed after it, synchronously on this server (synchronous_commit = local: WAL up to it is flushed, so it can
-- be sent at once). Its decoding makes the target report a position past the final one at once. Without it, WAL
-- that decodes to nothing (a record the server wrote in the background after writes stopped) is reported only
-- when the WAL writer and a later keepalive get to it: 0.1 to 0.3 s more of the application's write pause.
-- The final position is taken first and kept in a setting of this session (before 11 a DO block cannot commit).
SELECT pg_catalog.set_config('lrplan.final_lsn', final_lsn::text, false) AS lrplan_final_lsn,
       NOT EXISTS (SELECT FROM pg_catalog.pg_replication_slots s
                        WHERE s.slot_name = 'pgl_shop_lrp_abc89eac_src_subs_v16'
                          AND (s.confirmed_flush_lsn >= final_lsn)) AS lrplan_unreported
  FROM (SELECT pg_catalog.pg_current_xlog_insert_location() AS final_lsn) p
\gset
\if :lrplan_unreported
BEGIN READ WRITE;
SET LOCAL synchronous_commit = local;
SELECT pg_catalog.pg_logical_emit_message(true, 'lrplan', 'after the final position') AS reporting_commit;
COMMIT;
\endif
-- Polled every 5 ms for the first 5 s (this wait is part of the application's write pause), then every 200 ms.
DO $lrplan$
DECLARE
  final_lsn pg_lsn := NULLIF(pg_catalog.current_setting('lrplan.final_lsn', true), '')::pg_lsn;
  started timestamptz := clock_timestamp();
  confirmed pg_lsn;
  written pg_lsn;
BEGIN
  IF final_lsn IS NULL THEN
    RAISE EXCEPTION 'lrplan: the final position this script took a moment ago is not set in this session'
      USING HINT = 'Run the whole script on one session (psql -f, not through a pooler that changes server connections between transactions).';
  END IF;
  LOOP
    SELECT s.confirmed_flush_lsn, NULL INTO confirmed, written
      FROM pg_replication_slots s
     WHERE s.slot_name = 'pgl_shop_lrp_abc89eac_src_subs_v16';
    IF NOT FOUND THEN
      RAISE EXCEPTION 'lrplan: replication slot % does not exist', 'pgl_shop_lrp_abc89eac_src_subs_v16';
    END IF;
    IF confirmed >= final_lsn THEN
      RAISE NOTICE 'lrplan: the target confirmed % (final LSN %)', confirmed, final_lsn;
      RETURN;
    END IF;
    IF written >= final_lsn THEN
      RAISE NOTICE 'lrplan: the target applied % (final LSN %)', written, final_lsn;
      RETURN;
    END IF;
    IF clock_timestamp() - started > interval '300 s' THEN
      RAISE EXCEPTION 'lrplan: after % s the target has confirmed only % of the final LSN %', 300,
        confirmed, final_lsn;
    END IF;
    PERFORM pg_sleep(CASE WHEN clock_timestamp() - started < interval '5 s' THEN 0.005 ELSE 0.2 END);
  END LOOP;
END $lrplan$;
