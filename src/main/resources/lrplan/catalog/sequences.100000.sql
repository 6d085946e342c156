-- Sequences with their parameters and owning column, as the owner's oid and attnum: lrplan names the owner
-- from the tables and columns it has read (sequence_owners names any other). Values are read apart, in
-- batches (sequence_values), because reading a sequence's value locks it.
SELECT c.oid AS oid, n.nspname AS schema, c.relname AS name, format_type(s.seqtypid, NULL) AS data_type,
       s.seqstart AS start, s.seqmin AS min, s.seqmax AS max, s.seqincrement AS increment,
       s.seqcycle AS cycle,
       d.refobjid::int8 AS owner_oid, d.refobjsubid AS owner_attnum
FROM pg_sequence s
JOIN pg_class c ON c.oid = s.seqrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
                     AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0
                     AND d.deptype IN ('a', 'i')
WHERE c.relpersistence <> 't' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
