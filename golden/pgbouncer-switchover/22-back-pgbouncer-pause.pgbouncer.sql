-- lrplan step 22-back-pgbouncer-pause.pgbouncer.sql
--
-- Purpose:        Going back: stop the application's writes to the new cluster without failing them: pgbouncer holds its connections until RESUME.
-- Runs on:        pgbouncer's admin console (database pgbouncer)
-- Preconditions:
--   - you are going back to the old cluster (apply --going-back)
-- Transactional:  no (runs statement by statement, outside a transaction block)
-- Lock risk:      none
-- Undo:           RESUME shop (on the new cluster)
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 22-back-pgbouncer-pause.pgbouncer.sql

-- On pgbouncer's admin console: psql -X -v ON_ERROR_STOP=1 -f this-file 'host=… port=… dbname=pgbouncer user=…'

\set ON_ERROR_STOP on
-- From here the application's connections to this entry queue in pgbouncer: nothing fails and nothing reaches
-- either cluster. PAUSE returns once every server connection of the entry is released, that is when the
-- transactions in flight have ended (in session pooling it would wait for every client to disconnect; apply
-- refuses that before pausing). By hand: if it does not return, RESUME from a second session and find the
-- long transaction with SHOW SERVERS.
PAUSE shop;
