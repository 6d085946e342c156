-- How far the subscriber is behind the final position (parameter 1), twice: by what its apply worker
-- reported as written (received and applied in order, committed on the target, perhaps not yet flushed
-- there) and by the slot's confirmed flush (durable on the target). NULL where nothing was reported.
SELECT pg_wal_lsn_diff(?::pg_lsn, r.write_lsn)::bigint AS write_behind,
       pg_wal_lsn_diff(?::pg_lsn, s.confirmed_flush_lsn)::bigint AS flush_behind
FROM pg_catalog.pg_replication_slots s
LEFT JOIN pg_catalog.pg_stat_replication r ON r.pid = s.active_pid
WHERE s.slot_name = ?
