package dev.lrplan.catalog;

import java.util.Objects;

public record Schema(String name, String owner) {
    public Schema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
    }
}
