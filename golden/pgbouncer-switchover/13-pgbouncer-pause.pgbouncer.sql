-- lrplan step 13-pgbouncer-pause.pgbouncer.sql
--
-- Purpose:        Stop the application's writes without failing them: pgbouncer holds its connections until RESUME.
-- Runs on:        pgbouncer's admin console (database pgbouncer)
-- Preconditions:
--   - the application reaches the source only through pgbouncer's entry shop
--   - that entry pools by transaction or statement, not by session
-- Transactional:  no (runs statement by statement, outside a transaction block)
-- Lock risk:      none
-- Undo:           RESUME shop
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 13-pgbouncer-pause.pgbouncer.sql

-- On pgbouncer's admin console: psql -X -v ON_ERROR_STOP=1 -f this-file 'host=… port=… dbname=pgbouncer user=…'

\set ON_ERROR_STOP on
-- From here the application's connections to this entry queue in pgbouncer: nothing fails and nothing reaches
-- either cluster. PAUSE returns once every server connection of the entry is released, that is when the
-- transactions in flight have ended (in session pooling it would wait for every client to disconnect; apply
-- refuses that before pausing). By hand: if it does not return, RESUME from a second session and find the
-- long transaction with SHOW SERVERS.
PAUSE shop;
