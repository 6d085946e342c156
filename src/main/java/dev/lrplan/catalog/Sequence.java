package dev.lrplan.catalog;

import java.util.Objects;

/**
 * A sequence.
 *
 * @param lastValue the last value handed out, or null when none has been (or it could not be read)
 * @param ownedBy the owning table, or null
 * @param ownedByColumn the owning column, or null
 */
public record Sequence(
        QualifiedName name,
        String dataType,
        long start,
        long min,
        long max,
        long increment,
        boolean cycle,
        Long lastValue,
        QualifiedName ownedBy,
        String ownedByColumn) {
    public Sequence {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataType, "dataType");
        if (increment == 0) {
            throw new IllegalArgumentException("sequence " + name + " has increment 0");
        }
        if ((ownedBy == null) != (ownedByColumn == null)) {
            throw new IllegalArgumentException(
                    "sequence " + name + ": owning table and column go together");
        }
    }
}
