-- lrplan step 04-user-django-migrations-data.target.sql
--
-- Purpose:        The plan's own script django_migrations_data.sql, included verbatim.
-- Runs on:        the target cluster
-- Preconditions:
--   - step target-schema has run
-- Transactional:  no (runs statement by statement, outside a transaction block)
-- Lock risk:      brief catalog locks
-- Undo:           as the script's author describes
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 04-user-django-migrations-data.target.sql

--
-- The content below is the plan's file sql/django_migrations_data.sql, included verbatim.

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 16 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '04-user-django-migrations-data.target.sql', 'target', '16', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '04-user-django-migrations-data.target.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7712665209690067751' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '04-user-django-migrations-data.target.sql', 'target',
      '7712665209690067751';
  END IF;
END $lrplan_guard$;

-- The new application's migration history, dumped from the v16 test instance
-- (pg_dump --table=django_migrations --data-only).
INSERT INTO public.django_migrations (id, app, name, applied) VALUES
    (1, 'orders', '0001_initial', '2025-01-10 10:00:00+00'),
    (2, 'orders', '0002_legacy_total', '2025-03-02 09:30:00+00'),
    (3, 'orders', '0003_bigint_ids', '2025-11-01 08:00:00+00'),
    (4, 'orders', '0004_rename_total_amount', '2025-11-01 08:05:00+00');
SELECT pg_catalog.setval('public.django_migrations_id_seq', 4, true);
