-- lrplan step 06-publication.source.sql
--
-- Purpose:        Publish the selected tables, listed one by one.
-- Runs on:        the source cluster
-- Preconditions:
--   - data checks passed
--   - replica identities are set
-- Transactional:  yes
-- Lock risk:      brief catalog locks
-- Undo:           DROP PUBLICATION bouncer_upgrade_pub
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 06-publication.source.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 13 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '06-publication.source.sql', 'source', '13', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '06-publication.source.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7711451843072595620' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '06-publication.source.sql', 'source',
      '7711451843072595620';
  END IF;
END $lrplan_guard$;

-- Safe to run again: what an earlier run of this step created is not created twice.
SELECT NOT EXISTS (SELECT FROM pg_catalog.pg_publication WHERE pubname = 'bouncer_upgrade_pub') AS lrplan_pending
\gset
\if :lrplan_pending
BEGIN;
SET LOCAL lock_timeout = '5s';
CREATE PUBLICATION bouncer_upgrade_pub FOR TABLE
  public.audit_log,
  public.customers,
  public.django_migrations,
  public.order_items,
  public.orders
;
COMMIT;
\else
\echo 'lrplan: the publication exists already (an earlier run of this step created it): nothing to do'
\endif
