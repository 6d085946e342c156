-- On the source: the size of the tables the target is still copying (names qualified and quoted).
SELECT coalesce(sum(pg_catalog.pg_table_size(to_regclass(t))), 0)::bigint FROM unnest(?::text[]) AS t
