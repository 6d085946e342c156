-- lrplan step 25-back-pgbouncer-resume.pgbouncer.sql
--
-- Purpose:        Let the application's queued connections go on, now to the old cluster.
-- Runs on:        pgbouncer's admin console (database pgbouncer)
-- Preconditions:
--   - the entry points at the old cluster (back-pgbouncer-repoint)
-- Transactional:  no (runs statement by statement, outside a transaction block)
-- Lock risk:      none
-- Undo:           nothing to undo
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 25-back-pgbouncer-resume.pgbouncer.sql

-- On pgbouncer's admin console: psql -X -v ON_ERROR_STOP=1 -f this-file 'host=… port=… dbname=pgbouncer user=…'

\set ON_ERROR_STOP on
-- The queued connections go on, to the old cluster.
RESUME shop;
