-- Primary keys, and unique indexes on plain columns (no expression, no predicate, valid). Their key columns
-- come as attnums (indkey); lrplan names them, and judges whether an index can serve as replica identity
-- (all columns NOT NULL, not deferrable), from the columns it has read: no second pass over pg_attribute.
SELECT i.indrelid AS table_oid, ic.relname AS name, i.indisprimary AS is_primary,
       i.indisreplident AS is_replident,
       i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL AS plain,
       i.indimmediate AS immediate,
       i.indkey::text AS attnums
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE i.indisunique AND c.relkind IN ('r', 'p') AND c.relpersistence <> 't'
  AND (i.indisprimary OR (i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL))
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
