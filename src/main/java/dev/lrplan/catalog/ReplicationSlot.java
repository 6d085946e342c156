package dev.lrplan.catalog;

import java.util.Objects;

/**
 * A replication slot on the cluster; {@code plugin} and {@code database} are null for physical
 * slots.
 */
public record ReplicationSlot(
        String name,
        String type,
        String plugin,
        String database,
        boolean active,
        boolean temporary) {
    public ReplicationSlot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
