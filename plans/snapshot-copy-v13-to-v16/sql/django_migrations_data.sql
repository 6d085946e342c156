-- The new application's migration history, dumped from the v16 test instance
-- (pg_dump --table=django_migrations --data-only).
INSERT INTO public.django_migrations (id, app, name, applied) VALUES
    (1, 'orders', '0001_initial', '2025-01-10 10:00:00+00'),
    (2, 'orders', '0002_legacy_total', '2025-03-02 09:30:00+00'),
    (3, 'orders', '0003_bigint_ids', '2025-11-01 08:00:00+00'),
    (4, 'orders', '0004_rename_total_amount', '2025-11-01 08:05:00+00');
SELECT pg_catalog.setval('public.django_migrations_id_seq', 4, true);
