-- The initial copy's volume on the target: the tables still copying (sync state 'd', or not yet
-- started), their qualified names (for the source's sizes), and the bytes their relations hold so far,
-- which grows as the copy writes. The same measure on every version, where pg_stat_progress_copy (14+)
-- would count another unit.
SELECT coalesce(array_agg(format('%I.%I', n.nspname, c.relname)), '{}'),
       coalesce(sum(pg_catalog.pg_table_size(r.srrelid)) FILTER (WHERE r.srsubstate = 'd'), 0)::bigint
FROM pg_catalog.pg_subscription s
JOIN pg_catalog.pg_subscription_rel r ON r.srsubid = s.oid
JOIN pg_catalog.pg_class c ON c.oid = r.srrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE s.subname = ?
  AND s.subdbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
  AND r.srsubstate IN ('i', 'd')
