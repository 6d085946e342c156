-- Replication slots of the whole cluster.
SELECT slot_name::text AS name, slot_type AS type, plugin::text AS plugin, database::text AS database,
       active, temporary
FROM pg_replication_slots
