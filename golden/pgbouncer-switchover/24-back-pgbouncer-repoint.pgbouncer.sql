-- lrplan step 24-back-pgbouncer-repoint.pgbouncer.sql
--
-- Purpose:        Point pgbouncer's entry shop at the old cluster: rewrite the file pgbouncer.ini includes, then RELOAD.
-- Runs on:        pgbouncer's admin console (database pgbouncer)
-- Preconditions:
--   - the entry is paused (back-pgbouncer-pause)
--   - the old cluster has every write of the new one, and its sequences are ahead (back-sequence-values)
--   - psql runs on the pgbouncer host: \o writes /etc/pgbouncer/lrplan-databases.ini there
-- Transactional:  no (runs statement by statement, outside a transaction block)
-- Lock risk:      none
-- Undo:           write the new cluster's line into the file again, RELOAD
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 24-back-pgbouncer-repoint.pgbouncer.sql

-- On pgbouncer's admin console, with psql on the pgbouncer host: \o writes /etc/pgbouncer/lrplan-databases.ini there.

\set ON_ERROR_STOP on
-- The entry, now on the old cluster: the whole include file is rewritten (it holds this entry alone), then
-- pgbouncer reads its configuration again. The entry is paused and has no server connection: the next ones
-- go to the old cluster.
\o '/etc/pgbouncer/lrplan-databases.ini'
\qecho '; written by lrplan (plan bouncer_upgrade): the application''s entry, on the old cluster'
\qecho '[databases]'
\qecho 'shop = host=old-db.internal port=5432 dbname=shop'
\o
RELOAD;
SHOW DATABASES;
