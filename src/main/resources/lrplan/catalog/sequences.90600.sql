-- Sequences and their owning column; 9.6 keeps the parameters inside each sequence, so they are read
-- with the values (sequence_values).
SELECT c.oid AS oid, n.nspname AS schema, c.relname AS name, 'bigint'::text AS data_type,
       NULL::int8 AS start, NULL::int8 AS min, NULL::int8 AS max, NULL::int8 AS increment,
       NULL::bool AS cycle,
       d.refobjid::int8 AS owner_oid, d.refobjsubid AS owner_attnum
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
                     AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype = 'a'
WHERE c.relkind = 'S' AND c.relpersistence <> 't' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
