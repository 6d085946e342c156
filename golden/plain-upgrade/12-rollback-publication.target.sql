-- lrplan step 12-rollback-publication.target.sql
--
-- Purpose:        Publish the new cluster's changes back, limited to the columns the old cluster has (column lists).
-- Runs on:        the target cluster
-- Preconditions:
--   - the initial copy is done (its checks read every row that came over)
--   - before the write pause: nothing reads the publication until the rollback subscription creates its slot, after the forward subscription is dropped
-- Transactional:  yes
-- Lock risk:      brief catalog locks
-- Undo:           DROP PUBLICATION plain_upgrade_pub_rollback
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 12-rollback-publication.target.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 16 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '12-rollback-publication.target.sql', 'target', '16', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '12-rollback-publication.target.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7711451848416749251' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '12-rollback-publication.target.sql', 'target',
      '7711451848416749251';
  END IF;
END $lrplan_guard$;

-- Safe to run again: what an earlier run of this step created is not created twice.
SELECT NOT EXISTS (SELECT FROM pg_catalog.pg_publication WHERE pubname = 'plain_upgrade_pub_rollback') AS lrplan_pending
\gset
\if :lrplan_pending
BEGIN;
SET LOCAL lock_timeout = '5s';
-- No primary key here either: without an identity, UPDATE and DELETE would fail once published.
ALTER TABLE public.audit_log REPLICA IDENTITY FULL;
CREATE PUBLICATION plain_upgrade_pub_rollback FOR TABLE
  public.audit_log,
  public.customers (id, name, email, created_at),
  public.django_migrations (id, app, name, applied),
  public.order_items (id, order_id, sku, quantity, price),
  public.orders (id, customer_id, status, total_amount, channel, created_at)
  ;
COMMIT;
\else
\echo 'lrplan: the rollback publication exists already (an earlier run of this step created it): nothing to do'
\endif
