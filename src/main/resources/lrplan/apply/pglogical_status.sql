-- A pglogical subscription's status ('replicating', 'initializing', 'down', …), read by every gate at each poll.
SELECT status
FROM pglogical.subscription s, LATERAL pglogical.show_subscription_status(s.sub_name) st
WHERE s.sub_name = ?
