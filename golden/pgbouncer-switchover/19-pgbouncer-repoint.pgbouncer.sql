-- lrplan step 19-pgbouncer-repoint.pgbouncer.sql
--
-- Purpose:        Point pgbouncer's entry shop at the new cluster: rewrite the file pgbouncer.ini includes, then RELOAD.
-- Runs on:        pgbouncer's admin console (database pgbouncer)
-- Preconditions:
--   - the entry is paused (pgbouncer-pause)
--   - the rollback path exists, when the plan has one
--   - psql runs on the pgbouncer host: \o writes /etc/pgbouncer/lrplan-databases.ini there
-- Transactional:  no (runs statement by statement, outside a transaction block)
-- Lock risk:      none
-- Undo:           write the entry's old line back into the file, RELOAD (the way back's back-pgbouncer-repoint does)
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 19-pgbouncer-repoint.pgbouncer.sql

-- On pgbouncer's admin console, with psql on the pgbouncer host: \o writes /etc/pgbouncer/lrplan-databases.ini there.

\set ON_ERROR_STOP on
-- The entry, now on the new cluster: the whole include file is rewritten (it holds this entry alone), then
-- pgbouncer reads its configuration again. The entry is paused and has no server connection: the next ones
-- go to the new cluster.
\o '/etc/pgbouncer/lrplan-databases.ini'
\qecho '; written by lrplan (plan bouncer_upgrade): the application''s entry, on the new cluster'
\qecho '[databases]'
\qecho 'shop = host=new-db.internal port=5432 dbname=shop'
\o
RELOAD;
SHOW DATABASES;
