-- Tables' CHECK constraints (not NOT NULL, not domains'), as pg_dump prints them.
SELECT c.conrelid AS table_oid, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
  FROM pg_constraint c
  JOIN pg_class r ON r.oid = c.conrelid
  JOIN pg_namespace n ON n.oid = r.relnamespace
 WHERE c.contype = 'c' AND r.relkind IN ('r', 'p')
   AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
 ORDER BY c.conrelid, c.conname
