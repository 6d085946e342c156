-- How far the plan's slot is behind: from the given position (NULL: the current one), in bytes.
SELECT pg_wal_lsn_diff(coalesce(?::pg_lsn, pg_current_wal_lsn()), confirmed_flush_lsn)::bigint
FROM pg_catalog.pg_replication_slots
WHERE slot_name = ?
