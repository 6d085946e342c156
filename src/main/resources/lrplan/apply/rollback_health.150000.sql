-- The rollback subscription on the old cluster: enabled, with a running apply worker, and its error count.
SELECT s.subenabled,
       EXISTS (SELECT FROM pg_catalog.pg_stat_subscription st
                WHERE st.subid = s.oid AND st.relid IS NULL AND st.pid IS NOT NULL),
       (SELECT apply_error_count + sync_error_count
          FROM pg_catalog.pg_stat_subscription_stats st WHERE st.subid = s.oid)
FROM pg_catalog.pg_subscription s
WHERE s.subname = ?
  AND s.subdbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
