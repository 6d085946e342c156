-- The rollback subscription on the old cluster: enabled, with a running apply worker (errors arrive in 15).
SELECT s.subenabled,
       EXISTS (SELECT FROM pg_catalog.pg_stat_subscription st
                WHERE st.subid = s.oid AND st.relid IS NULL AND st.pid IS NOT NULL),
       NULL::bigint
FROM pg_catalog.pg_subscription s
WHERE s.subname = ?
  AND s.subdbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
