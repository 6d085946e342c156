-- Primary keys, and unique indexes on plain columns (no expression, no predicate, valid); usable: they can
-- serve as replica identity (all columns NOT NULL, not deferrable). One join over every index's key columns,
-- grouped by index (a subquery per index costs a scan of its table's columns each).
SELECT * FROM (
  SELECT i.indrelid AS table_oid, ic.relname AS name, i.indisprimary AS is_primary,
         i.indisreplident AS is_replident,
         i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL AS plain,
         (i.indimmediate AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL
          AND bool_and(a.attnotnull IS TRUE)) AS usable,
         coalesce(array_agg(a.attname::text ORDER BY k.ord) FILTER (WHERE a.attname IS NOT NULL), '{}')
           AS columns
  FROM pg_index i
  JOIN pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_class c ON c.oid = i.indrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
  LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
  WHERE i.indisunique AND c.relkind IN ('r', 'p') AND c.relpersistence <> 't'
    AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
  GROUP BY i.indexrelid, i.indrelid, ic.relname, i.indisprimary, i.indisreplident, i.indisvalid, i.indimmediate,
           i.indpred IS NULL, i.indexprs IS NULL
) x
WHERE is_primary OR plain
