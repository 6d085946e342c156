package dev.lrplan.catalog;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An index lrplan can drop before the initial copy and build again after it, from these parts
 * alone: plain columns with their default operator classes, order and collation, no expression,
 * predicate, INCLUDE, storage option or tablespace, neither the primary key nor the replica
 * identity, and no foreign key depending on it. Anything else stays in place during the copy.
 *
 * @param constraint whether it backs a UNIQUE constraint (rebuilt with ADD CONSTRAINT)
 * @param method its access method, e.g. btree
 */
public record SecondaryIndex(
        String name, boolean unique, boolean constraint, String method, List<String> columns) {
    private static final Pattern METHOD = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    public SecondaryIndex {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(method, "method");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("index " + name + " has no columns");
        }
        if (!METHOD.matcher(method).matches()) {
            throw new IllegalArgumentException(
                    "index " + name + ": access method '" + method + "' is not a plain name");
        }
        if (constraint && !unique) {
            throw new IllegalArgumentException(
                    "index " + name + ": only a unique index backs a UNIQUE constraint here");
        }
    }
}
