-- 9.6 has no subscriptions.
SELECT NULL::text AS name, false AS enabled, NULL::text AS slot_name, NULL::text[] AS publications
WHERE false
