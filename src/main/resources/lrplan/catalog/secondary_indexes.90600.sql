-- Indexes lrplan can drop before the initial copy and rebuild from their parts after it: plain columns
-- with default operator class, order and collation; no expression, predicate, INCLUDE, reloptions or
-- tablespace; not the primary key, not the replica identity, not an exclusion or deferrable constraint, and
-- no foreign key depending on it. Partitions and partitioned tables keep theirs.
SELECT i.indrelid AS table_oid, ic.relname AS name, i.indisunique AS is_unique,
       con.oid IS NOT NULL AS is_constraint, am.amname AS method,
       ARRAY(SELECT a.attname::text
             FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
             ORDER BY k.ord) AS columns
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                            AND con.contype IN ('p', 'u', 'x')
WHERE NOT i.indisprimary AND NOT i.indisreplident AND i.indisvalid AND i.indisready
  AND i.indpred IS NULL AND i.indexprs IS NULL AND ic.reloptions IS NULL AND ic.reltablespace = 0
  AND c.relkind = 'r' 
  AND c.relpersistence = 'p'
  AND (con.oid IS NULL OR (con.contype = 'u' AND NOT con.condeferrable))
  AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid)
  AND NOT EXISTS (SELECT 1 FROM unnest(i.indoption::int2[]) o(v) WHERE o.v <> 0)
  AND NOT EXISTS (SELECT 1 FROM unnest(i.indclass::oid[]) oc(oid)
                  JOIN pg_opclass op ON op.oid = oc.oid WHERE NOT op.opcdefault)
  AND NOT EXISTS (SELECT 1 FROM unnest(i.indkey::int2[], i.indcollation::oid[]) k(attnum, coll)
                  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                  WHERE k.coll <> a.attcollation)
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
