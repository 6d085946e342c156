-- lrplan step 27-drop-rollback-publication.target.sql
--
-- Purpose:        Drop the rollback publication, give back the replica identities rollback-publication changed, and check that no lrplan slot is left on the new cluster.
-- Runs on:        the target cluster
-- Preconditions:
--   - the rollback subscription is dropped
-- Transactional:  yes
-- Lock risk:      brief catalog locks
-- Undo:           run rollback-publication again
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 27-drop-rollback-publication.target.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 16 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '27-drop-rollback-publication.target.sql', 'target', '16', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '27-drop-rollback-publication.target.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7711451848416749251' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '27-drop-rollback-publication.target.sql', 'target',
      '7711451848416749251';
  END IF;
END $lrplan_guard$;

DROP PUBLICATION IF EXISTS bouncer_upgrade_pub_rollback;

-- Replication gave these tables another replica identity; with nothing published any more, they get
-- back the one their schema has (FULL would go on logging every column of every changed row).
BEGIN;
SET LOCAL lock_timeout = '5s';
ALTER TABLE public.audit_log REPLICA IDENTITY DEFAULT;
COMMIT;

-- A slot left behind retains WAL until the disk fills.
DO $lrplan$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = 'bouncer_upgrade_sub_rollback') THEN
    RAISE EXCEPTION 'lrplan: replication slot % is still there; drop it with pg_drop_replication_slot once nothing uses it',
      'bouncer_upgrade_sub_rollback';
  END IF;
END $lrplan$;
