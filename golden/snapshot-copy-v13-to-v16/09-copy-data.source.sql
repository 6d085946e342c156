-- lrplan step 09-copy-data.source.sql
--
-- Purpose:        Create the slot with an exported snapshot and copy every table under it (ACCESS SHARE on each table while it is read); lrplan apply copies in parallel itself, this script does it with pg_dump and pg_restore.
-- Runs on:        the source cluster
-- Preconditions:
--   - the publication exists
--   - the target tables are empty and their secondary indexes deferred
--   - by hand: pg_dump and pg_restore 13 or later, psql variables source_conninfo and target_conninfo
-- Transactional:  no (runs statement by statement, outside a transaction block)
-- Lock risk:      none
-- Undo:           SELECT pg_drop_replication_slot('subs_slot_migration_v16') on the source, then TRUNCATE the tables on the target
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 09-copy-data.source.sql

--
-- lrplan apply does NOT run this script. It makes the same copy itself: it creates the slot with an exported
-- snapshot on a replication connection that stays open and idle, copies every table under that snapshot with
-- parallel COPY from the source straight into the target (apply --jobs N; large tables in key or block ranges),
-- and records each finished table or range on the target, so a rerun after a kill copies only the rest.
--
-- By hand, with psql only, this script does the copy with pg_dump and pg_restore:
--   * pg_dump and pg_restore of PostgreSQL 13 or later must be on the machine that runs psql;
--   * psql variables source_conninfo and target_conninfo hold the two connection strings, as for the subscription
--     (psql -X -v ON_ERROR_STOP=1 -v source_conninfo=... -v target_conninfo=... -f this file, on the source);
--     -v lrplan_jobs=N sets pg_dump's and pg_restore's --jobs (default 2);
--   * the slot's exported snapshot lives only as long as this psql session: the copy runs from inside it, and the
--     session must not be interrupted until the script ends.

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 13 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '09-copy-data.source.sql', 'source', '13', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '09-copy-data.source.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7712665202982744840' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '09-copy-data.source.sql', 'source',
      '7712665202982744840';
  END IF;
END $lrplan_guard$;

\if :{?source_conninfo}
\else
DO $lrplan$ BEGIN RAISE EXCEPTION 'lrplan: set the psql variables source_conninfo and target_conninfo (psql -v source_conninfo=... -v target_conninfo=...)'; END $lrplan$;
\endif
\if :{?target_conninfo}
\else
DO $lrplan$ BEGIN RAISE EXCEPTION 'lrplan: set the psql variable target_conninfo (psql -v target_conninfo=...)'; END $lrplan$;
\endif
\if :{?lrplan_jobs}
\else
\set lrplan_jobs 2
\endif

-- Refuse to run over an earlier attempt: its slot's consistent point belongs to that attempt's snapshot.
SELECT EXISTS (SELECT FROM pg_catalog.pg_replication_slots WHERE slot_name = 'subs_slot_migration_v16') AS lrplan_slot_exists
\gset
\if :lrplan_slot_exists
DO $lrplan$ BEGIN RAISE EXCEPTION 'lrplan: slot % exists already (an earlier attempt made it); if no subscription uses it, drop it with SELECT pg_drop_replication_slot(%) and run this step again: it empties the target tables first', 'subs_slot_migration_v16', 'subs_slot_migration_v16'; END $lrplan$;
\endif

-- The tables, as pg_dump patterns: double quotes keep each name exact.
\set lrplan_t1 '"public"."audit_log"'
\set lrplan_t2 '"public"."customers"'
\set lrplan_t3 '"public"."order_items"'
\set lrplan_t4 '"public"."orders"'

-- Empty the target tables (and their partitions): a failed earlier attempt may have copied some of them.
\set lrplan_truncate 'TRUNCATE public.audit_log, public.customers, public.order_items, public.orders'
\set lrplan_emptied `psql -X -q -v ON_ERROR_STOP=1 -d :'target_conninfo' -c :'lrplan_truncate' >/dev/null && echo true || echo false`
\if :lrplan_emptied
\else
DO $lrplan$ BEGIN RAISE EXCEPTION 'lrplan: could not empty the target tables (see psql''s message above)'; END $lrplan$;
\endif

-- This session becomes a replication connection to the same server, as the same user, in the same database. The
-- slot's snapshot is exported to it and lives until its next command.
\connect -reuse-previous=on 'replication=database'
CREATE_REPLICATION_SLOT subs_slot_migration_v16 LOGICAL pgoutput EXPORT_SNAPSHOT
\gset lrplan_
\echo 'lrplan: slot' :'lrplan_slot_name' 'created at' :'lrplan_consistent_point' 'with snapshot' :'lrplan_snapshot_name'

-- The copy, under that snapshot, while this session stays idle: pg_dump writes the tables' data into a temporary
-- folder, pg_restore loads it into the target with session_replication_role = replica, as the subscription's apply
-- worker does (foreign keys and ordinary triggers do not fire; lrplan's ENABLE ALWAYS rename triggers do).
\set lrplan_copied `d=$(mktemp -d) && pg_dump --snapshot=:'lrplan_snapshot_name' --data-only --format=directory --jobs=:'lrplan_jobs' --file="$d/data" --table=:'lrplan_t1' --table=:'lrplan_t2' --table=:'lrplan_t3' --table=:'lrplan_t4' --dbname=:'source_conninfo' && PGOPTIONS='-c session_replication_role=replica' pg_restore --data-only --exit-on-error --jobs=:'lrplan_jobs' --dbname=:'target_conninfo' "$d/data"; s=$?; rm -rf "$d"; test $s -eq 0 && echo true || echo false`
\if :lrplan_copied
\echo 'lrplan: every table is copied; the slot keeps the changes since its consistent point for the subscription'
\else
DO $lrplan$ BEGIN RAISE EXCEPTION 'lrplan: the copy failed (see pg_dump''s and pg_restore''s messages above); the slot stays: drop it, then run this step again'; END $lrplan$;
\endif
