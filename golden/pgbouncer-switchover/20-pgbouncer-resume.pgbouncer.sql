-- lrplan step 20-pgbouncer-resume.pgbouncer.sql
--
-- Purpose:        Let the application's queued connections go on, now to the new cluster.
-- Runs on:        pgbouncer's admin console (database pgbouncer)
-- Preconditions:
--   - the entry points at the new cluster (pgbouncer-repoint)
-- Transactional:  no (runs statement by statement, outside a transaction block)
-- Lock risk:      none
-- Undo:           nothing to undo
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 20-pgbouncer-resume.pgbouncer.sql

-- On pgbouncer's admin console: psql -X -v ON_ERROR_STOP=1 -f this-file 'host=… port=… dbname=pgbouncer user=…'

\set ON_ERROR_STOP on
-- PAUSE closed the entry's server connections. One that was still logging in counts, for pgbouncer, as a failed
-- login, after which it opens no server connection for server_login_retry (15 s by default) while the
-- application's connections wait: so it may connect again at once for the resume, and RELOAD then sets
-- server_login_retry back to pgbouncer.ini's value (the configuration is otherwise what the re-point read).
SET server_login_retry = 0;
-- The queued connections go on, to the new cluster.
RESUME shop;
RELOAD;
