-- lrplan step 10-build-indexes.target.sql
--
-- Purpose:        Build the 3 secondary index(es) that defer-indexes dropped; lrplan apply builds them in parallel (apply --jobs), psql one after another.
-- Runs on:        the target cluster
-- Preconditions:
--   - the initial copy has finished
-- Transactional:  no (runs statement by statement, outside a transaction block)
-- Lock risk:      ACCESS EXCLUSIVE on the tables named (lock_timeout bounds the wait)
-- Undo:           DROP INDEX on each index listed (only to go back to before the copy)
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 10-build-indexes.target.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 16 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '10-build-indexes.target.sql', 'target', '16', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '10-build-indexes.target.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7712665209690067751' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '10-build-indexes.target.sql', 'target',
      '7712665209690067751';
  END IF;
END $lrplan_guard$;

-- The indexes defer-indexes dropped, built again from the same parts. Every statement below the SET lines stands
-- alone: lrplan apply runs them on its --jobs connections at once (each connection runs the SET lines first);
-- psql runs them one after another. Safe to run again: an index that exists already is skipped.
SET maintenance_work_mem = '262144kB';
CREATE INDEX IF NOT EXISTS order_items_order_id_idx ON public.order_items USING hash (order_id);
CREATE INDEX IF NOT EXISTS orders_customer_id_idx ON public.orders USING btree (customer_id);
CREATE INDEX IF NOT EXISTS orders_status_created_at_idx ON public.orders USING btree (status, created_at);
