-- Primary keys, and unique indexes on plain columns (no expression, no predicate, valid); usable: they can
-- serve as replica identity (all columns NOT NULL, not deferrable).
SELECT * FROM (
  SELECT i.indrelid AS table_oid, ic.relname AS name, i.indisprimary AS is_primary,
         i.indisreplident AS is_replident,
         i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL AS plain,
         (i.indimmediate AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL
          AND NOT EXISTS (SELECT 1 FROM unnest(i.indkey::int2[]) k(attnum)
                          LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                          WHERE a.attnotnull IS NOT TRUE)) AS usable,
         ARRAY(SELECT a.attname::text
               FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
               ORDER BY k.ord) AS columns
  FROM pg_index i
  JOIN pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_class c ON c.oid = i.indrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE i.indisunique AND c.relkind IN ('r', 'p') AND c.relpersistence <> 't'
    AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
) x
WHERE is_primary OR plain
