-- lrplan step 08-defer-indexes.target.sql
--
-- Purpose:        Drop 3 secondary index(es) on the target before the initial copy; build-indexes builds them again from the same parts after it.
-- Runs on:        the target cluster
-- Preconditions:
--   - the target tables are empty
--   - no subscription yet
-- Transactional:  yes
-- Lock risk:      ACCESS EXCLUSIVE on the tables named (lock_timeout bounds the wait)
-- Undo:           run build-indexes (it creates each index listed here)
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 08-defer-indexes.target.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 16 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '08-defer-indexes.target.sql', 'target', '16', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '08-defer-indexes.target.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7712665209690067751' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '08-defer-indexes.target.sql', 'target',
      '7712665209690067751';
  END IF;
END $lrplan_guard$;

-- replication.defer_indexes: these indexes go before the initial copy, so the copy writes tables that only have
-- their primary keys; step build-indexes builds each one again from the same parts after the copy.
-- First, refuse to drop an index that is no longer what this folder was compiled from: its columns, method or
-- uniqueness changed, or it gained an expression or a predicate (build-indexes could not give it back).
DO $lrplan$
DECLARE
  changed text;
BEGIN
  SELECT string_agg(v.ix, ', ') INTO changed
  FROM (VALUES
    ('public', 'order_items_order_id_idx', false, 'hash', ARRAY['order_id']::text[]),
    ('public', 'orders_customer_id_idx', false, 'btree', ARRAY['customer_id']::text[]),
    ('public', 'orders_status_created_at_idx', false, 'btree', ARRAY['status', 'created_at']::text[])
  ) v(sch, ix, uniq, method, cols)
  JOIN pg_catalog.pg_namespace n ON n.nspname = v.sch
  JOIN pg_catalog.pg_class ic ON ic.relnamespace = n.oid AND ic.relname = v.ix AND ic.relkind = 'i'
  JOIN pg_catalog.pg_index i ON i.indexrelid = ic.oid
  JOIN pg_catalog.pg_am am ON am.oid = ic.relam
  WHERE i.indisunique <> v.uniq OR am.amname <> v.method OR i.indpred IS NOT NULL OR i.indexprs IS NOT NULL
     OR ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
              JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
              ORDER BY k.ord) <> v.cols;
  IF changed IS NOT NULL THEN
    RAISE EXCEPTION 'lrplan: index(es) % changed since this folder was compiled; compile again', changed;
  END IF;
END $lrplan$;

-- Safe to run again: an index an earlier run dropped is skipped.
BEGIN;
SET LOCAL lock_timeout = '5s';
DROP INDEX IF EXISTS public.order_items_order_id_idx;
DROP INDEX IF EXISTS public.orders_customer_id_idx;
DROP INDEX IF EXISTS public.orders_status_created_at_idx;
COMMIT;
