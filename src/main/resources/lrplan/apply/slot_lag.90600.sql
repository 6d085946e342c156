-- How far the plan's slot is behind: from the given position (NULL: the current one), in bytes (before 10: xlog names).
SELECT pg_xlog_location_diff(coalesce(?::pg_lsn, pg_current_xlog_location()), confirmed_flush_lsn)::bigint
FROM pg_catalog.pg_replication_slots
WHERE slot_name = ?
