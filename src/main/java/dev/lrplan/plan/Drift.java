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
 * @param fills per table (schema.table), target-only column → the SQL expression that gives its
 *     value from the row's source columns ({@code drift.fill})
 */
public record Drift(
        MissingColumns missingColumns,
        Map<String, Map<String, String>> renames,
        List<AcceptedTypeChange> acceptedTypeChanges,
        Map<String, Map<String, String>> fills) {
    public Drift {
        Objects.requireNonNull(missingColumns, "missingColumns");
        renames = sorted(renames);
        acceptedTypeChanges = List.copyOf(acceptedTypeChanges);
        fills = sorted(fills);
    }

    private static Map<String, Map<String, String>> sorted(Map<String, Map<String, String>> in) {
        TreeMap<String, Map<String, String>> copy = new TreeMap<>();
        in.forEach(
                (t, m) ->
                        copy.put(t, java.util.Collections.unmodifiableSortedMap(new TreeMap<>(m))));
        return java.util.Collections.unmodifiableSortedMap(copy);
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
