-- Subscriptions of the current database. subconninfo holds secrets and is never read.
SELECT s.subname AS name, s.subenabled AS enabled, s.subslotname::text AS slot_name,
       s.subpublications::text[] AS publications
FROM pg_subscription s
WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())
