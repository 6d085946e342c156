-- lrplan step 28-drop-publication.source.sql
--
-- Purpose:        Drop the forward publication, give back the replica identities replica-identity changed, and check that no slot of this plan is left on the old cluster.
-- Runs on:        the source cluster
-- Preconditions:
--   - the forward subscription is dropped
-- Transactional:  yes
-- Lock risk:      brief catalog locks
-- Undo:           run publication again
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 28-drop-publication.source.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 13 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '28-drop-publication.source.sql', 'source', '13', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '28-drop-publication.source.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7711451843072595620' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '28-drop-publication.source.sql', 'source',
      '7711451843072595620';
  END IF;
END $lrplan_guard$;

DROP PUBLICATION IF EXISTS bouncer_upgrade_pub;

-- Replication gave these tables another replica identity; with nothing published any more, they get
-- back the one their schema has (FULL would go on logging every column of every changed row).
BEGIN;
SET LOCAL lock_timeout = '5s';
ALTER TABLE public.audit_log REPLICA IDENTITY DEFAULT;
COMMIT;

-- A slot left behind retains WAL until the disk fills.
DO $lrplan$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = 'bouncer_upgrade_sub') THEN
    RAISE EXCEPTION 'lrplan: replication slot % is still there; drop it with pg_drop_replication_slot once nothing uses it',
      'bouncer_upgrade_sub';
  END IF;
END $lrplan$;
