-- Sequences and their owning column; 9.6 keeps the parameters inside each sequence, so they are read
-- with the values (sequence_values).
SELECT c.oid AS oid, n.nspname AS schema, c.relname AS name, 'bigint'::text AS data_type,
       NULL::int8 AS start, NULL::int8 AS min, NULL::int8 AS max, NULL::int8 AS increment,
       NULL::bool AS cycle,
       dn.nspname AS owner_schema, dc.relname AS owner_table, da.attname AS owner_column
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
                     AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype = 'a'
LEFT JOIN pg_class dc ON dc.oid = d.refobjid
LEFT JOIN pg_namespace dn ON dn.oid = dc.relnamespace
LEFT JOIN pg_attribute da ON da.attrelid = d.refobjid AND da.attnum = d.refobjsubid
WHERE c.relkind = 'S' AND c.relpersistence <> 't' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
