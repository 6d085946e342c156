-- lrplan step 21-refresh-materialized-views.target.sql
--
-- Purpose:        Refresh the target's materialized views over the complete data, after the final position.
-- Runs on:        the target cluster
-- Preconditions:
--   - the forward subscription is dropped
-- Transactional:  yes
-- Lock risk:      ACCESS EXCLUSIVE on the tables named (lock_timeout bounds the wait)
-- Undo:           nothing to undo
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 21-refresh-materialized-views.target.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 16 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '21-refresh-materialized-views.target.sql', 'target', '16', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '21-refresh-materialized-views.target.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7711451848416749251' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '21-refresh-materialized-views.target.sql', 'target',
      '7711451848416749251';
  END IF;
END $lrplan_guard$;

-- public.order_counts: concurrently where it has a unique index on plain columns (readers are not blocked), else plainly.
DO $lrplan$
BEGIN
  IF (SELECT relispopulated FROM pg_catalog.pg_class WHERE oid = 'public.order_counts'::regclass)
     AND EXISTS (SELECT FROM pg_catalog.pg_index WHERE indrelid = 'public.order_counts'::regclass
                   AND indisunique AND indpred IS NULL AND indexprs IS NULL) THEN
    EXECUTE format('REFRESH MATERIALIZED VIEW CONCURRENTLY %s', 'public.order_counts'::regclass);
    RAISE NOTICE 'lrplan: % refreshed concurrently', 'public.order_counts';
  ELSE
    EXECUTE format('REFRESH MATERIALIZED VIEW %s', 'public.order_counts'::regclass);
    RAISE NOTICE 'lrplan: % refreshed (no unique index on plain columns: readers wait)', 'public.order_counts';
  END IF;
END $lrplan$;
