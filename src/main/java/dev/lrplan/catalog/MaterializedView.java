package dev.lrplan.catalog;

import java.util.Objects;

/** A materialized view: not replicated, refreshed on the target at switchover. */
public record MaterializedView(QualifiedName name, String owner, boolean populated) {
    public MaterializedView {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
    }
}
