package dev.lrplan.catalog;

import java.util.Objects;

/**
 * A table column.
 *
 * @param type the type exactly as {@code format_type} prints it, e.g. {@code character varying(20)}
 * @param defaultExpr the default expression as {@code pg_get_expr} prints it, or null
 * @param generated the generation expression of a stored generated column, or null
 * @param collation the column's collation when it differs from its type's default, or null
 */
public record Column(
        String name,
        int position,
        String type,
        boolean notNull,
        String defaultExpr,
        Identity identity,
        String generated,
        String collation) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(identity, "identity");
        if (!dev.lrplan.sql.TypeName.valid(type)) {
            throw new IllegalArgumentException(
                    "column "
                            + dev.lrplan.sql.Sql.printable(name)
                            + ": "
                            + dev.lrplan.sql.Sql.printable(type)
                            + " is not a type name as format_type prints one");
        }
        if (position < 1) {
            throw new IllegalArgumentException("column positions start at 1: " + name);
        }
    }

    public enum Identity {
        NONE,
        ALWAYS,
        BY_DEFAULT
    }
}
