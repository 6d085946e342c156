-- The sync gate's measure: tables ready, copying, in all, those not ready, whether enabled, and the errors.
SELECT count(*) FILTER (WHERE r.srsubstate = 'r'),
       count(*) FILTER (WHERE r.srsubstate <> 'r'),
       count(*),
       string_agg(r.srrelid::regclass::text, ', ' ORDER BY r.srrelid::regclass::text) FILTER (WHERE r.srsubstate <> 'r'),
       bool_or(s.subenabled),
       (SELECT sync_error_count + apply_error_count FROM pg_catalog.pg_stat_subscription_stats WHERE subid = s.oid)
FROM pg_catalog.pg_subscription s
LEFT JOIN pg_catalog.pg_subscription_rel r ON r.srsubid = s.oid
WHERE s.subname = ?
  AND s.subdbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
GROUP BY s.oid
