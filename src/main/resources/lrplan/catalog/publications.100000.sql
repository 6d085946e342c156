-- Publications, one row per published table (table columns NULL for a publication with none listed).
SELECT p.pubname AS name, p.puballtables AS all_tables, false AS via_root,
       pt.schemaname::text AS schema, pt.tablename::text AS table_name
FROM pg_publication p
LEFT JOIN pg_publication_tables pt ON pt.pubname = p.pubname AND NOT p.puballtables
