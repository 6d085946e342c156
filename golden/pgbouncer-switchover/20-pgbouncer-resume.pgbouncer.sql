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
-- The queued connections go on, to the new cluster.
RESUME shop;
