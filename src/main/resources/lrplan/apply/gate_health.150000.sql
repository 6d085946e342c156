-- The forward subscription's health, read by every gate at each poll (apply/Gates.java).
SELECT s.subenabled AS enabled,
       s.subdisableonerr AS disable_on_error,
       (SELECT sync_error_count + apply_error_count
          FROM pg_catalog.pg_stat_subscription_stats st WHERE st.subid = s.oid) AS errors
FROM pg_catalog.pg_subscription s
WHERE s.subname = ?
  AND s.subdbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
