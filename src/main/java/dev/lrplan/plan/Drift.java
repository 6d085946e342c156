package dev.lrplan.plan;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How schema differences between source and target are handled.
 *
 * @param renames per table (schema.table), old column name → new column name
 * @param acceptedTypeChanges type changes the compiler would refuse, accepted with a written reason
 */
public record Drift(
        MissingColumns missingColumns,
        Map<String, Map<String, String>> renames,
        List<AcceptedTypeChange> acceptedTypeChanges) {
    public Drift {
        Objects.requireNonNull(missingColumns, "missingColumns");
        TreeMap<String, Map<String, String>> copy = new TreeMap<>();
        renames.forEach(
                (t, m) ->
                        copy.put(t, java.util.Collections.unmodifiableSortedMap(new TreeMap<>(m))));
        renames = java.util.Collections.unmodifiableSortedMap(copy);
        acceptedTypeChanges = List.copyOf(acceptedTypeChanges);
    }

    /** Columns on the source only: add them to the target as shims, or stop. */
    public enum MissingColumns {
        SHIM,
        FAIL
    }

    public record AcceptedTypeChange(String table, String column, String reason) {
        public AcceptedTypeChange {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
