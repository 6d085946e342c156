SELECT active, plugin, slot_type FROM pg_catalog.pg_replication_slots WHERE slot_name = ?
