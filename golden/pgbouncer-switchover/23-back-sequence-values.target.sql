-- lrplan step 23-back-sequence-values.target.sql
--
-- Purpose:        Going back: print the statements that set each old-cluster sequence past the new cluster's value (+1000); pipe them into psql on the source.
-- Runs on:        the target cluster
-- Preconditions:
--   - you are going back to the old cluster (apply --going-back)
--   - the application no longer writes to the new cluster
--   - the old cluster has every write of the new one (the rollback path's lag is 0)
-- Transactional:  yes
-- Lock risk:      none
-- Undo:           nothing to undo on the target; on the source, the sequences only moved forward
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 23-back-sequence-values.target.sql

--
-- The way back: run it only when going back to the old cluster, after the application stopped writing to
-- the new one and the old cluster has every write of it (lrplan status shows the rollback path's lag at 0).
-- This step prints SQL for the source, the old cluster. Run it as:
--   psql -X -v ON_ERROR_STOP=1 -f 23-back-sequence-values.target.sql TARGET | psql -X -v ON_ERROR_STOP=1 -f - SOURCE

-- Quiet: no command tags or psql messages in the output, which is SQL for the source, with or without -q.
\set QUIET on
\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 16 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '23-back-sequence-values.target.sql', 'target', '16', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '23-back-sequence-values.target.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7711451848416749251' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '23-back-sequence-values.target.sql', 'target',
      '7711451848416749251';
  END IF;
END $lrplan_guard$;

\pset tuples_only on
\pset format unaligned
SELECT '\set ON_ERROR_STOP on';
-- The source's own guard, first in what this step prints for it.
SELECT $lrplan_source_guard$
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 13 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      'the output of 23-back-sequence-values.target.sql', 'source', '13', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', 'the output of 23-back-sequence-values.target.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7711451843072595620' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', 'the output of 23-back-sequence-values.target.sql', 'source',
      '7711451843072595620';
  END IF;
END $lrplan_guard$;

$lrplan_source_guard$;

SELECT format('SELECT pg_catalog.setval(%L, %s, true);', 'public.customers_id_seq', last_value + (1000)) FROM public.customers_id_seq;
SELECT format('SELECT pg_catalog.setval(%L, %s, true);', 'public.django_migrations_id_seq', last_value + (1000)) FROM public.django_migrations_id_seq;
SELECT format('SELECT pg_catalog.setval(%L, %s, true);', 'public.order_items_id_seq', last_value + (1000)) FROM public.order_items_id_seq;
SELECT format('SELECT pg_catalog.setval(%L, %s, true);', 'public.orders_id_seq', last_value + (1000)) FROM public.orders_id_seq;
