package dev.lrplan.catalog;

import java.util.List;
import java.util.Objects;

/** An existing publication and the tables it publishes (for FOR ALL TABLES, every table). */
public record Publication(
        String name, boolean allTables, boolean viaPartitionRoot, List<QualifiedName> tables) {
    public Publication {
        Objects.requireNonNull(name, "name");
        tables = tables.stream().sorted().toList();
    }
}
