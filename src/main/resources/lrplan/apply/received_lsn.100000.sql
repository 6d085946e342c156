-- On the target: has the subscription's apply worker received the given position (parameter 1)? Its
-- received_lsn passes a position only through a message that follows, in order, everything before it: data
-- before the position has been applied (committed, perhaps not yet flushed) once a keepalive beyond it arrives.
SELECT coalesce(max(received_lsn) >= ?::pg_lsn, false)
FROM pg_catalog.pg_stat_subscription
WHERE subname = ? AND relid IS NULL
