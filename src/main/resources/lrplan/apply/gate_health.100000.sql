-- The forward subscription's health, read by every gate at each poll (apply/Gates.java); before 15 there is
-- no pg_stat_subscription_stats and no disable_on_error.
SELECT s.subenabled AS enabled,
       false AS disable_on_error,
       0::bigint AS errors
FROM pg_catalog.pg_subscription s
WHERE s.subname = ?
  AND s.subdbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
