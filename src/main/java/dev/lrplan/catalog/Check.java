package dev.lrplan.catalog;

import java.util.Objects;

/**
 * A table's CHECK constraint.
 *
 * @param definition as {@code pg_get_constraintdef} and pg_dump print it, e.g. {@code CHECK ((qty >
 *     0))}
 */
public record Check(String name, String definition) {
    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definition, "definition");
    }
}
