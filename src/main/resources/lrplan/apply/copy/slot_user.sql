SELECT subname FROM pg_catalog.pg_subscription WHERE subslotname = ? LIMIT 1
