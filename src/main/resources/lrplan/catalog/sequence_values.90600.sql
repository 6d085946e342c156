-- Values and parameters of a batch of sequences (parameter: their oids as bigint[]), read through
-- query_to_xml so that one statement serves the whole batch.
SELECT s.id AS oid,
       CASE WHEN (xpath('/row/is_called/text()', x))[1]::text::bool
            THEN (xpath('/row/last_value/text()', x))[1]::text::int8 END AS last_value,
       (xpath('/row/start_value/text()', x))[1]::text::int8 AS start,
       (xpath('/row/min_value/text()', x))[1]::text::int8 AS min,
       (xpath('/row/max_value/text()', x))[1]::text::int8 AS max,
       (xpath('/row/increment_by/text()', x))[1]::text::int8 AS increment,
       (xpath('/row/is_cycled/text()', x))[1]::text::bool AS cycle
FROM unnest(?::int8[]) AS s(id)
CROSS JOIN LATERAL query_to_xml('SELECT * FROM ' || s.id::oid::regclass::text, false, true, '') AS x
WHERE has_sequence_privilege(s.id::oid, 'SELECT')
