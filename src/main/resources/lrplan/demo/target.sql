-- The reference case's new application schema (PostgreSQL 16 side): ids widened to bigint, email
-- narrowed to varchar(255), legacy_total renamed total_amount, deprecated_flag dropped, a new
-- defaulted column, renamed constraints.
CREATE TABLE public.customers (
    id bigserial CONSTRAINT customers_pk PRIMARY KEY,
    name text NOT NULL,
    email character varying(255),
    created_at timestamp without time zone NOT NULL DEFAULT now()
);
CREATE TABLE public.orders (
    id bigserial CONSTRAINT orders_pk PRIMARY KEY,
    customer_id bigint NOT NULL CONSTRAINT orders_customer_fk REFERENCES public.customers (id),
    status text NOT NULL DEFAULT 'new',
    total_amount numeric(12,2),
    channel text NOT NULL DEFAULT 'web',
    created_at timestamp without time zone NOT NULL DEFAULT now()
);
CREATE TABLE public.order_items (
    id bigserial CONSTRAINT order_items_pk PRIMARY KEY,
    order_id bigint NOT NULL CONSTRAINT order_items_order_fk REFERENCES public.orders (id),
    sku text NOT NULL,
    quantity integer NOT NULL,
    price numeric(12,2) NOT NULL
);
CREATE TABLE public.audit_log (
    logged_at timestamp with time zone NOT NULL DEFAULT now(),
    message text
);
CREATE TABLE public.django_migrations (
    id bigserial PRIMARY KEY,
    app character varying(255) NOT NULL,
    name character varying(255) NOT NULL,
    applied timestamp with time zone NOT NULL
);
-- Secondary indexes: a deferred-index copy (replication.defer_indexes) builds them after the data.
CREATE INDEX orders_customer_id_idx ON public.orders (customer_id);
CREATE INDEX orders_status_created_at_idx ON public.orders (status, created_at);
CREATE INDEX order_items_order_id_idx ON public.order_items USING hash (order_id);
CREATE MATERIALIZED VIEW public.order_counts AS
    SELECT customer_id, count(*) AS orders FROM public.orders GROUP BY customer_id;
