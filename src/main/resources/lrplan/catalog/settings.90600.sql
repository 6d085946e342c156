-- The settings logical replication depends on.
SELECT name, setting
FROM pg_settings
WHERE name IN ('wal_level', 'max_replication_slots', 'max_wal_senders', 'max_worker_processes',
               'max_logical_replication_workers', 'max_sync_workers_per_subscription',
               'max_locks_per_transaction', 'max_connections', 'max_prepared_transactions', 'autovacuum_max_workers', 'server_encoding', 'rds.logical_replication', 'TimeZone')
