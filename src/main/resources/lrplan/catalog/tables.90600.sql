-- Ordinary tables (9.6 has no declarative partitioning). Sizes come from relpages, never from
-- pg_relation_size(), which would lock every table.
SELECT c.oid AS oid, n.nspname AS schema, c.relname AS name, pg_get_userbyid(c.relowner) AS owner,
       c.relkind::text AS relkind, c.relpersistence::text AS persistence,
       c.relreplident::text AS replident,
       NULL::name AS parent_schema, NULL::name AS parent_name,
       c.reltuples::float8 AS reltuples,
       (c.relpages::int8 + COALESCE(t.relpages, 0)) * current_setting('block_size')::int8 AS est_bytes,
       e.extname AS extension
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
                     AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
LEFT JOIN pg_extension e ON e.oid = d.refobjid
WHERE c.relkind = 'r' AND c.relpersistence <> 't'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
