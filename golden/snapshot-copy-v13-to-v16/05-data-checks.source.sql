-- lrplan step 05-data-checks.source.sql
--
-- Purpose:        Scan each table with risky type changes once, counting the values the target type cannot take.
-- Runs on:        the source cluster
-- Preconditions:
--   - before anything is published
-- Transactional:  yes
-- Lock risk:      none
-- Undo:           nothing to undo (reads only)
-- Run with:       psql -X -v ON_ERROR_STOP=1 -f 05-data-checks.source.sql

\set ON_ERROR_STOP on
-- Refuse to run anywhere but the cluster this step was compiled for.
DO $lrplan_guard$
BEGIN
  IF (SELECT CASE WHEN v >= 100000 THEN v / 10000 ELSE v / 100 END
      FROM (SELECT current_setting('server_version_num')::int AS v) s) <> 13 THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster (PostgreSQL %), not on PostgreSQL %',
      '05-data-checks.source.sql', 'source', '13', current_setting('server_version');
  END IF;
  IF current_database() <> 'shop' THEN
    RAISE EXCEPTION 'lrplan: % must run in database %, not %', '05-data-checks.source.sql', 'shop', current_database();
  END IF;
  IF (SELECT system_identifier::text FROM pg_control_system()) <> '7712665202982744840' THEN
    RAISE EXCEPTION 'lrplan: % must run on the % cluster with system identifier %', '05-data-checks.source.sql', 'source',
      '7712665202982744840';
  END IF;
END $lrplan_guard$;

-- Raises the problems of one table's scan, in this session only (pg_temp): each message names a column and holds
-- %s for its count of values the other side's type cannot take; the nth message goes with the nth count.
CREATE OR REPLACE FUNCTION pg_temp.lrplan_fits(messages text[], counts bigint[]) RETURNS void
LANGUAGE plpgsql AS $lrplan_fits_function$
DECLARE
  problems text[] := '{}';
BEGIN
  FOR i IN 1 .. cardinality(counts) LOOP
    IF counts[i] > 0 THEN
      problems := problems || format(messages[i], counts[i]);
    END IF;
  END LOOP;
  IF cardinality(problems) > 0 THEN
    RAISE EXCEPTION 'lrplan: data check failed (LR105): %', array_to_string(problems, '; ');
  END IF;
END
$lrplan_fits_function$;

-- public.customers: one scan for all its checked columns.
DO $lrplan$ BEGIN
  PERFORM pg_temp.lrplan_fits(
    ARRAY[
      'public.customers.email: %s row(s) that character varying(255) cannot take (character varying(255) holds at most 255 characters: longer values fail)'],
    ARRAY[
      count(*) FILTER (WHERE char_length(email::text) > 255)])
  FROM ONLY public.customers;
END $lrplan$;
