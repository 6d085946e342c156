package dev.lrplan.plan;

import java.util.List;
import java.util.Objects;

/**
 * Which tables move.
 *
 * @param owner only tables owned by this role, or null for any owner
 * @param include only these tables (schema.table), or empty for all in {@code schemas}
 * @param requireAll a source table missing on the target is an error rather than a warning
 */
public record TableSelection(
        List<String> schemas,
        String owner,
        List<String> include,
        List<String> exclude,
        boolean includeExtensionTables,
        boolean requireAll,
        NoKeyPolicy withoutPrimaryKey,
        java.util.Map<String, TargetRows> targetRows,
        java.util.Map<String, NoKeyPolicy> withoutPrimaryKeyPerTable) {
    public TableSelection {
        schemas = List.copyOf(schemas);
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        Objects.requireNonNull(withoutPrimaryKey, "withoutPrimaryKey");
        targetRows =
                java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(targetRows));
        withoutPrimaryKeyPerTable =
                java.util.Collections.unmodifiableSortedMap(
                        new java.util.TreeMap<>(withoutPrimaryKeyPerTable));
    }

    /**
     * The selection by name, as sets: built once, then one lookup per table whatever the lengths of
     * {@code include} and {@code exclude} (a plan may list 10,000 tables).
     */
    public ByName byName() {
        return new ByName(
                java.util.Set.copyOf(schemas),
                java.util.Set.copyOf(include),
                java.util.Set.copyOf(exclude));
    }

    /** {@link TableSelection}'s schemas, include and exclude as sets. */
    public record ByName(
            java.util.Set<String> schemas,
            java.util.Set<String> include,
            java.util.Set<String> exclude) {
        /**
         * Whether the selection takes a table by its names alone (the owner is not judged here): in
         * a selected schema, not excluded, and included when the plan lists any to include.
         *
         * @param display the table as the plan names it, schema.table
         */
        public boolean takes(String schema, String display) {
            return schemas.contains(schema)
                    && !exclude.contains(display)
                    && (include.isEmpty() || include.contains(display));
        }
    }

    /** The policy for one table (schema.table): its own entry, else the plan's default. */
    public NoKeyPolicy withoutPrimaryKeyFor(String table) {
        return withoutPrimaryKeyPerTable.getOrDefault(table, withoutPrimaryKey);
    }

    /**
     * {@code tables.target_rows}: what happens to a table whose target already holds rows (the new
     * schema's install script inserted them). TRUNCATE: the target's rows are deleted before the
     * copy, the source's win. KEEP_TARGET: the table is not replicated; at switchover the source's
     * rows whose key the target lacks are inserted (ON CONFLICT DO NOTHING), and the rollback path
     * leaves it out. EXCLUDE: not replicated in either direction; the target keeps its rows.
     */
    public enum TargetRows {
        TRUNCATE,
        KEEP_TARGET,
        EXCLUDE
    }

    /** What to do with a table that has neither a primary key nor a replica identity. */
    public enum NoKeyPolicy {
        REPLICA_IDENTITY_FULL,
        REPLICA_IDENTITY_INDEX,
        EXCLUDE,
        INSERT_ONLY,
        FAIL
    }
}
