-- lrplan step 06-provider.source.sql
--
-- Purpose:        Make the source a pglogical provider: the extension, a node, and the tables in its replication sets.
-- Runs on:        the source cluster
-- Preconditions:
--   - data checks passed
--   - psql variable source_conninfo holds the source's connection string
-- Transactional:  yes
-- Lock risk:      brief catalog locks
-- Undo:           SELECT pglogical.drop_node('lrp_abc89eac_src')
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 06-provider.source.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 906 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '06-provider.source.sql', 'source', '9.6', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '06-provider.source.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7712601202125862262' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '06-provider.source.sql', 'source',
      '7712601202125862262';
  END IF;
END $lrplan_guard$;

-- pglogical needs its extension in the database; the node and the sets are this plan's.
CREATE EXTENSION IF NOT EXISTS pglogical;

-- Safe to run again: a node that an earlier run of this step created is not created twice.
SELECT NOT EXISTS (SELECT FROM pglogical.node WHERE node_name = 'lrp_abc89eac_src') AS lrplan_pending
\gset
\if :lrplan_pending
BEGIN;
SET LOCAL lock_timeout = '5s';
-- The node's DSN comes from the psql variable source_conninfo; it is never written here.
SELECT pglogical.create_node(node_name := 'lrp_abc89eac_src', dsn := :'source_conninfo');
SELECT pglogical.replication_set_add_table(set_name := 'default', relation := 'public.customers'::regclass,
  synchronize_data := true);
SELECT pglogical.replication_set_add_table(set_name := 'default', relation := 'public.order_items'::regclass,
  synchronize_data := true);
SELECT pglogical.replication_set_add_table(set_name := 'default', relation := 'public.orders'::regclass,
  synchronize_data := true);
SELECT pglogical.replication_set_add_table(set_name := 'default_insert_only', relation := 'public.audit_log'::regclass,
  synchronize_data := true);
COMMIT;
\else
\echo 'lrplan: the pglogical node and sets exist already (an earlier run of this step created them): nothing to do'
\endif
