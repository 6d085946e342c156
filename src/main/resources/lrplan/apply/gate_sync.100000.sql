-- The sync gate's measure: tables ready, copying, in all, those not ready, whether enabled; errors arrive in 15.
SELECT count(*) FILTER (WHERE r.srsubstate = 'r'),
       count(*) FILTER (WHERE r.srsubstate <> 'r'),
       count(*),
       string_agg(r.srrelid::regclass::text, ', ' ORDER BY r.srrelid::regclass::text) FILTER (WHERE r.srsubstate <> 'r'),
       bool_or(s.subenabled),
       NULL::bigint
FROM pg_catalog.pg_subscription s
LEFT JOIN pg_catalog.pg_subscription_rel r ON r.srsubid = s.oid
WHERE s.subname = ?
  AND s.subdbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
GROUP BY s.oid
