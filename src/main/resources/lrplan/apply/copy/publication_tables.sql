SELECT DISTINCT format('%I.%I', schemaname, tablename) AS relation
  FROM pg_catalog.pg_publication_tables WHERE pubname = ANY (?) ORDER BY 1
