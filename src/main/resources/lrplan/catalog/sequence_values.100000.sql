-- Last values of a batch of sequences (parameter: their oids as bigint[]); NULL where never used or
-- where the role may not read it.
SELECT s.id AS oid,
       CASE WHEN has_sequence_privilege(s.id::oid, 'SELECT,USAGE') THEN pg_sequence_last_value(s.id::oid) END
         AS last_value,
       NULL::int8 AS start, NULL::int8 AS min, NULL::int8 AS max, NULL::int8 AS increment, NULL::bool AS cycle
FROM unnest(?::int8[]) AS s(id)
