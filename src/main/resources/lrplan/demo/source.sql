-- The reference case's old application schema (PostgreSQL 13 side), with data.
CREATE TABLE public.customers (
    id serial PRIMARY KEY,
    name text NOT NULL,
    email text,
    created_at timestamp without time zone NOT NULL DEFAULT now()
);
CREATE TABLE public.orders (
    id serial PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES public.customers (id),
    status text NOT NULL DEFAULT 'new',
    legacy_total numeric(12,2),
    deprecated_flag boolean,
    created_at timestamp without time zone NOT NULL DEFAULT now()
);
CREATE TABLE public.order_items (
    id serial PRIMARY KEY,
    order_id integer NOT NULL REFERENCES public.orders (id),
    sku text NOT NULL,
    quantity integer NOT NULL,
    price numeric(10,2) NOT NULL
);
CREATE TABLE public.audit_log (
    logged_at timestamp with time zone NOT NULL DEFAULT now(),
    message text
);
CREATE TABLE public.django_migrations (
    id serial PRIMARY KEY,
    app character varying(255) NOT NULL,
    name character varying(255) NOT NULL,
    applied timestamp with time zone NOT NULL
);
INSERT INTO public.customers (name, email)
SELECT 'customer ' || g, 'c' || g || '@example.com' FROM generate_series(1, 200) g;
INSERT INTO public.orders (customer_id, status, legacy_total, deprecated_flag)
SELECT 1 + g % 200, CASE WHEN g % 3 = 0 THEN 'shipped' ELSE 'new' END, g * 1.5, g % 2 = 0
FROM generate_series(1, 1000) g;
INSERT INTO public.order_items (order_id, sku, quantity, price)
SELECT 1 + g % 1000, 'SKU-' || (g % 50), 1 + g % 4, 9.99 FROM generate_series(1, 3000) g;
INSERT INTO public.audit_log (message) SELECT 'event ' || g FROM generate_series(1, 100) g;
INSERT INTO public.django_migrations (app, name, applied)
VALUES ('orders', '0001_initial', now()), ('orders', '0002_legacy_total', now());
CREATE MATERIALIZED VIEW public.order_counts AS
    SELECT customer_id, count(*) AS orders FROM public.orders GROUP BY customer_id;
ANALYZE;
