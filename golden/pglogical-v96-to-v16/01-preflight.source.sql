-- lrplan step 01-preflight.source.sql
--
-- Purpose:        Check that the source can provide: wal_level, pglogical loaded and installed, a free slot, no node or slot of the same name.
-- Runs on:        the source cluster
-- Preconditions:
--   - the plan's findings have no errors
-- Transactional:  yes
-- Lock risk:      none
-- Undo:           nothing to undo (reads only)
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 01-preflight.source.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 906 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '01-preflight.source.sql', 'source', '9.6', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '01-preflight.source.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7712601202125862262' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '01-preflight.source.sql', 'source',
      '7712601202125862262';
  END IF;
END $lrplan_guard$;

DO $lrplan$
BEGIN
  IF current_setting('wal_level') <> 'logical' THEN
    RAISE EXCEPTION 'lrplan: wal_level is %, pglogical needs logical (LR001)', current_setting('wal_level');
  END IF;
  IF current_setting('shared_preload_libraries') NOT LIKE '%pglogical%' THEN
    RAISE EXCEPTION 'lrplan: pglogical is not in shared_preload_libraries on the source: add it and restart';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_available_extensions WHERE name = 'pglogical') THEN
    RAISE EXCEPTION 'lrplan: the pglogical extension is not installed on the source server';
  END IF;
  IF (SELECT count(*) FROM pg_replication_slots) >= current_setting('max_replication_slots')::int THEN
    RAISE EXCEPTION 'lrplan: no replication slot is free (max_replication_slots = %) (LR002)',
      current_setting('max_replication_slots');
  END IF;
  IF EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = 'pgl_shop_lrp_abc89eac_src_subs_v16') THEN
    RAISE EXCEPTION 'lrplan: a replication slot named % already exists', 'pgl_shop_lrp_abc89eac_src_subs_v16';
  END IF;
  IF EXISTS (SELECT FROM pg_extension WHERE extname = 'pglogical') THEN
    IF EXISTS (SELECT FROM pglogical.node WHERE node_name = 'lrp_abc89eac_src') THEN
      RAISE EXCEPTION 'lrplan: a pglogical node named % already exists on the source', 'lrp_abc89eac_src';
    END IF;
  END IF;
END $lrplan$;
