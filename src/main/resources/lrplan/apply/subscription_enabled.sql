SELECT subenabled
FROM pg_catalog.pg_subscription
WHERE subname = ? AND subdbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
