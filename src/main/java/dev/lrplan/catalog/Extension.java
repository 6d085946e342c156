package dev.lrplan.catalog;

import java.util.Objects;

public record Extension(String name, String version, String schema) {
    public Extension {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(schema, "schema");
    }
}
