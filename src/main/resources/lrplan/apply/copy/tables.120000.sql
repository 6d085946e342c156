-- The tables of the given relations (schema-qualified, quoted as format('%I.%I') prints them), with the
-- columns COPY moves in attnum order, each column's type, whether the type is built in, an integer primary key
-- column to split by, and the heap + TOAST size.
SELECT format('%I.%I', n.nspname, c.relname) AS relation,
       ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum) AS columns,
       ARRAY(SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum) AS types,
       NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.atttypid >= 16384) AS builtin,
       (SELECT a.attname::text FROM pg_catalog.pg_index i
          JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
         WHERE i.indrelid = c.oid AND i.indisprimary AND i.indnatts = 1
           AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype)) AS int_key,
       pg_catalog.pg_relation_size(c.oid)
         + COALESCE(pg_catalog.pg_relation_size(NULLIF(c.reltoastrelid, 0)), 0) AS bytes,
       pg_catalog.current_setting('block_size')::int AS block_size,
       c.relkind = 'p' AS partitioned
  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE format('%I.%I', n.nspname, c.relname) = ANY (?)
