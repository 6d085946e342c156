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
        NoKeyPolicy withoutPrimaryKey) {
    public TableSelection {
        schemas = List.copyOf(schemas);
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        Objects.requireNonNull(withoutPrimaryKey, "withoutPrimaryKey");
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
