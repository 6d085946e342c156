package dev.lrplan.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A unique index that could serve as a replica identity (no expressions, no predicate, immediate,
 * every column NOT NULL), or the primary key.
 */
public record Index(String name, List<String> columns, boolean primary, boolean replicaIdentity) {
    public Index {
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("index " + name + " has no columns");
        }
    }
}
