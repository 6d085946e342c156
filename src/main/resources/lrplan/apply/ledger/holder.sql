SELECT a.pid, a.client_addr, a.backend_start
  FROM pg_locks l JOIN pg_stat_activity a USING (pid)
 WHERE l.locktype = 'advisory' AND l.classid::bigint = ? AND l.granted AND a.pid <> pg_backend_pid()
 LIMIT 1
