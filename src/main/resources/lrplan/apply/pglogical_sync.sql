-- pglogical's initial sync on the target, read by apply's sync gate (apply/Gates.java): tables ready, all tables,
-- and the names of those not ready.
SELECT count(*) FILTER (WHERE sync_status = 'r'), count(*),
       string_agg(sync_nspname || '.' || sync_relname, ', ' ORDER BY sync_nspname, sync_relname)
         FILTER (WHERE sync_status <> 'r')
FROM pglogical.local_sync_status
WHERE sync_relname IS NOT NULL
