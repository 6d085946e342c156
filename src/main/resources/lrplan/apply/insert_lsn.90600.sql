SELECT pg_current_xlog_insert_location()::text
