-- The owners of sequences whose owning table is not among the tables read (a foreign table's column, or a
-- table of a schema lrplan skips): parameters, the owners' oids and their columns' attnums, paired.
SELECT o.oid AS owner_oid, o.attnum AS owner_attnum,
       n.nspname AS owner_schema, c.relname AS owner_table, a.attname AS owner_column
FROM unnest(?::int8[], ?::int4[]) AS o(oid, attnum)
JOIN pg_class c ON c.oid = o.oid::oid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = o.attnum
