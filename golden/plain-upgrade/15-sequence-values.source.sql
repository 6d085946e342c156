-- lrplan step 15-sequence-values.source.sql
--
-- Purpose:        Print the statements that set each target sequence past the source's value (+1000); pipe them into psql on the target.
-- Runs on:        the source cluster
-- Preconditions:
--   - the application no longer writes to the source
-- Transactional:  yes
-- Lock risk:      none
-- Undo:           nothing to undo on the source; on the target, setval back if needed
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 15-sequence-values.source.sql

--
-- This step prints SQL for the target. Run it as:
--   psql -X -v ON_ERROR_STOP=1 -f 15-sequence-values.source.sql SOURCE | psql -X -v ON_ERROR_STOP=1 -f - TARGET

-- Quiet: no command tags or psql messages in the output, which is SQL for the target, with or without -q.
\set QUIET on
\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 13 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '15-sequence-values.source.sql', 'source', '13', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '15-sequence-values.source.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7711451843072595620' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '15-sequence-values.source.sql', 'source',
      '7711451843072595620';
  END IF;
END $lrplan_guard$;

\pset tuples_only on
\pset format unaligned
SELECT '\set ON_ERROR_STOP on';
-- The target's own guard, first in what this step prints for it.
SELECT $lrplan_target_guard$
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 16 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      'the output of 15-sequence-values.source.sql', 'target', '16', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', 'the output of 15-sequence-values.source.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7711451848416749251' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', 'the output of 15-sequence-values.source.sql', 'target',
      '7711451848416749251';
  END IF;
END $lrplan_guard$;

$lrplan_target_guard$;

SELECT format('SELECT pg_catalog.setval(%L, %s, true);', 'public.customers_id_seq', last_value + (1000)) FROM public.customers_id_seq;
SELECT format('SELECT pg_catalog.setval(%L, %s, true);', 'public.django_migrations_id_seq', last_value + (1000)) FROM public.django_migrations_id_seq;
SELECT format('SELECT pg_catalog.setval(%L, %s, true);', 'public.order_items_id_seq', last_value + (1000)) FROM public.order_items_id_seq;
SELECT format('SELECT pg_catalog.setval(%L, %s, true);', 'public.orders_id_seq', last_value + (1000)) FROM public.orders_id_seq;
