-- lrplan step 15-rollback-provider.target.sql
--
-- Purpose:        Check that the new cluster's values fit the old cluster's types, then publish the new cluster's changes back in sets of lrplan's own, limited to the columns the old cluster has; tables without a row identity insert-only.
-- Runs on:        the target cluster
-- Preconditions:
--   - the forward subscription is dropped
--   - the application writes to neither cluster: the rollback path must exist before its first write on the new cluster
-- Transactional:  yes
-- Lock risk:      brief catalog locks
-- Undo:           SELECT pglogical.drop_replication_set(…) for both sets
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 15-rollback-provider.target.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 16 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '15-rollback-provider.target.sql', 'target', '16', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '15-rollback-provider.target.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7712601196504749395' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '15-rollback-provider.target.sql', 'target',
      '7712601196504749395';
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

-- pglogical needs its extension in the database; the node and the sets are this plan's.
CREATE EXTENSION IF NOT EXISTS pglogical;

-- The node exists already (it subscribed). Safe to run again: sets that an earlier run created are not created twice.
SELECT NOT EXISTS (SELECT FROM pglogical.replication_set WHERE set_name = 'lrplan_rollback') AS lrplan_pending
\gset
\if :lrplan_pending
BEGIN;
SET LOCAL lock_timeout = '5s';
SELECT pglogical.create_replication_set(set_name := 'lrplan_rollback', replicate_insert := true,
  replicate_update := true, replicate_delete := true, replicate_truncate := true);
SELECT pglogical.replication_set_add_table(set_name := 'lrplan_rollback', relation := 'public.customers'::regclass,
  synchronize_data := false, columns := ARRAY['id', 'name', 'email', 'created_at']);
SELECT pglogical.replication_set_add_table(set_name := 'lrplan_rollback', relation := 'public.order_items'::regclass,
  synchronize_data := false, columns := ARRAY['id', 'order_id', 'sku', 'quantity', 'price']);
SELECT pglogical.replication_set_add_table(set_name := 'lrplan_rollback', relation := 'public.orders'::regclass,
  synchronize_data := false, columns := ARRAY['id', 'customer_id', 'status', 'legacy_total', 'deprecated_flag', 'created_at']);
SELECT pglogical.create_replication_set(set_name := 'lrplan_rollback_io', replicate_insert := true,
  replicate_update := false, replicate_delete := false, replicate_truncate := true);
SELECT pglogical.replication_set_add_table(set_name := 'lrplan_rollback_io', relation := 'public.audit_log'::regclass,
  synchronize_data := false, columns := ARRAY['logged_at', 'message']);
COMMIT;
\else
\echo 'lrplan: the pglogical node and sets exist already (an earlier run of this step created them): nothing to do'
\endif
