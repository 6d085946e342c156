-- A schema that exercises what introspection captures; valid on PostgreSQL 12 and later.
CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE public.accounts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email character varying(320) NOT NULL,
    nick text COLLATE "C",
    balance numeric(14,2) NOT NULL DEFAULT 0,
    tags text[] DEFAULT '{}'::text[],
    mood public.mood,
    created timestamp with time zone NOT NULL DEFAULT now(),
    CONSTRAINT accounts_email_key UNIQUE (email)
);
CREATE TABLE public.events (
    id serial PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES public.accounts (id),
    payload jsonb,
    amount_cents integer,
    amount numeric GENERATED ALWAYS AS (amount_cents / 100.0) STORED
);
CREATE TABLE public.no_key (a integer, b text);
CREATE TABLE public.full_identity (a integer, b text);
ALTER TABLE public.full_identity REPLICA IDENTITY FULL;
CREATE TABLE public.by_index (a integer NOT NULL, b text);
CREATE UNIQUE INDEX by_index_a ON public.by_index (a);
ALTER TABLE public.by_index REPLICA IDENTITY USING INDEX by_index_a;
CREATE TABLE public.nothing_identity (a integer PRIMARY KEY);
ALTER TABLE public.nothing_identity REPLICA IDENTITY NOTHING;
CREATE UNLOGGED TABLE public.scratch (v integer);
CREATE TABLE public.measurements (id bigint NOT NULL, region text NOT NULL, v double precision,
    PRIMARY KEY (id, region)) PARTITION BY LIST (region);
CREATE TABLE public.measurements_eu PARTITION OF public.measurements FOR VALUES IN ('eu');
CREATE TABLE public.measurements_us PARTITION OF public.measurements FOR VALUES IN ('us');
CREATE TABLE public.dropped_col (id integer PRIMARY KEY, gone text, kept text);
ALTER TABLE public.dropped_col DROP COLUMN gone;
CREATE SEQUENCE public.invoice_no AS integer START WITH 1000 INCREMENT BY 5 MAXVALUE 999999;
SELECT nextval('public.invoice_no'), nextval('public.invoice_no');
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (no integer PRIMARY KEY DEFAULT nextval('public.invoice_no'), total numeric(12,2));
CREATE MATERIALIZED VIEW public.account_totals AS SELECT account_id, count(*) AS n FROM public.events GROUP BY 1;
CREATE EXTENSION hstore;
CREATE TABLE public.spatial_ref_sys (srid integer PRIMARY KEY, srtext text);
ALTER EXTENSION hstore ADD TABLE public.spatial_ref_sys;
-- Secondary indexes: the first four can be rebuilt from their parts (deferred); the rest stay in place.
CREATE INDEX events_account_idx ON public.events (account_id);
CREATE INDEX accounts_nick_created_idx ON public.accounts (nick, created);
CREATE INDEX events_amount_hash ON public.events USING hash (amount_cents);
CREATE UNIQUE INDEX dropped_col_kept_key ON public.dropped_col (kept);
CREATE INDEX accounts_lower_email ON public.accounts (lower((email)::text));
CREATE INDEX events_big ON public.events (amount_cents) WHERE amount_cents > 100;
CREATE INDEX events_desc ON public.events (id DESC);
CREATE INDEX accounts_email_pattern ON public.accounts (email varchar_pattern_ops);
INSERT INTO public.accounts (email, nick) SELECT 'a' || g || '@example.com', 'n' || g FROM generate_series(1, 50) g;
INSERT INTO public.events (account_id, amount_cents) SELECT 1 + g % 50, g FROM generate_series(1, 500) g;
ANALYZE;
