-- The forward subscription's health, read by every gate at each poll (apply/Gates.java). The two marked
-- expressions are filled in by server version: pg_stat_subscription_stats and subdisableonerr arrived in 15.
SELECT s.subenabled AS enabled,
       /*disable_on_error*/ AS disable_on_error,
       /*stats*/ AS errors
FROM pg_catalog.pg_subscription s
WHERE s.subname = ?
  AND s.subdbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
