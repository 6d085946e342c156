-- 9.6 has no publications.
SELECT NULL::text AS name, false AS all_tables, false AS via_root, NULL::text AS schema, NULL::text AS table_name
WHERE false
