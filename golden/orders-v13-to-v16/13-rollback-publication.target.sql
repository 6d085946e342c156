-- lrplan step 13-rollback-publication.target.sql
--
-- Purpose:        Check that the new cluster's values fit the old cluster's types, then publish the new cluster's changes back, limited to the columns the old cluster has (column lists).
-- Runs on:        the target cluster
-- Preconditions:
--   - the initial copy is done (its checks read every row that came over)
--   - before the write pause: nothing reads the publication until the rollback subscription creates its slot, after the forward subscription is dropped
-- Transactional:  yes
-- Lock risk:      brief catalog locks
-- Undo:           DROP PUBLICATION migration_v16_expanded_pub_rollback
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 13-rollback-publication.target.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 16 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '13-rollback-publication.target.sql', 'target', '16', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '13-rollback-publication.target.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7711451848416749251' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '13-rollback-publication.target.sql', 'target',
      '7711451848416749251';
  END IF;
END $lrplan_guard$;

-- The old cluster's columns are narrower (bigint here, integer there): check the values written
-- here still fit before publishing them back.
-- Raises the problems of one table's scan, in this session only (pg_temp): each message names a column and holds
-- %s for its count of values the other side's type cannot take; the nth message goes with the nth count.
CREATE OR REPLACE FUNCTION pg_temp.lrplan_fits(messages text[], counts bigint[]) RETURNS void
LANGUAGE plpgsql AS $lrplan_fits_function$
DECLARE
  problems text[] := '{}';
BEGIN
  FOR i IN 1 .. cardinality(counts) LOOP
    IF counts[i] > 0 THEN
      problems := problems || format(messages[i], counts[i]);
    END IF;
  END LOOP;
  IF cardinality(problems) > 0 THEN
    RAISE EXCEPTION 'lrplan: data check failed (LR105): %', array_to_string(problems, '; ');
  END IF;
END
$lrplan_fits_function$;

-- public.customers: one scan for all its checked columns.
DO $lrplan$ BEGIN
  PERFORM pg_temp.lrplan_fits(
    ARRAY[
      'public.customers.id: %s row(s) that integer cannot take (integer cannot hold every bigint value: values outside its range fail)'],
    ARRAY[
      count(*) FILTER (WHERE id NOT BETWEEN -2147483648 AND 2147483647)])
  FROM ONLY public.customers;
END $lrplan$;
-- public.order_items: one scan for all its checked columns.
DO $lrplan$ BEGIN
  PERFORM pg_temp.lrplan_fits(
    ARRAY[
      'public.order_items.id: %s row(s) that integer cannot take (integer cannot hold every bigint value: values outside its range fail)',
      'public.order_items.order_id: %s row(s) that integer cannot take (integer cannot hold every bigint value: values outside its range fail)',
      'public.order_items.price: %s row(s) that numeric(10,2) cannot take (numeric(10,2) rounds to 2 decimals and holds 8 integer digits: values would fail or change)'],
    ARRAY[
      count(*) FILTER (WHERE id NOT BETWEEN -2147483648 AND 2147483647),
      count(*) FILTER (WHERE order_id NOT BETWEEN -2147483648 AND 2147483647),
      count(*) FILTER (WHERE price <> round(price, 2) OR abs(price) >= 1e8)])
  FROM ONLY public.order_items;
END $lrplan$;
-- public.orders: one scan for all its checked columns.
DO $lrplan$ BEGIN
  PERFORM pg_temp.lrplan_fits(
    ARRAY[
      'public.orders.id: %s row(s) that integer cannot take (integer cannot hold every bigint value: values outside its range fail)',
      'public.orders.customer_id: %s row(s) that integer cannot take (integer cannot hold every bigint value: values outside its range fail)'],
    ARRAY[
      count(*) FILTER (WHERE id NOT BETWEEN -2147483648 AND 2147483647),
      count(*) FILTER (WHERE customer_id NOT BETWEEN -2147483648 AND 2147483647)])
  FROM ONLY public.orders;
END $lrplan$;

-- Safe to run again: what an earlier run of this step created is not created twice.
SELECT NOT EXISTS (SELECT FROM pg_catalog.pg_publication WHERE pubname = 'migration_v16_expanded_pub_rollback') AS lrplan_pending
\gset
\if :lrplan_pending
BEGIN;
SET LOCAL lock_timeout = '5s';
-- No primary key here either: without an identity, UPDATE and DELETE would fail once published.
ALTER TABLE public.audit_log REPLICA IDENTITY FULL;
CREATE PUBLICATION migration_v16_expanded_pub_rollback FOR TABLE
  public.audit_log,
  public.customers (id, name, email, created_at),
  public.order_items (id, order_id, sku, quantity, price),
  public.orders (id, customer_id, status, legacy_total, deprecated_flag, created_at)
  ;
COMMIT;
\else
\echo 'lrplan: the rollback publication exists already (an earlier run of this step created it): nothing to do'
\endif
