package dev.lrplan.catalog;

import dev.lrplan.sql.Sql;
import java.util.Comparator;
import java.util.Objects;

/** A schema-qualified object name, kept exactly as the catalog spells it (no case folding). */
public record QualifiedName(String schema, String name) implements Comparable<QualifiedName> {
    private static final Comparator<QualifiedName> ORDER =
            Comparator.comparing(QualifiedName::schema).thenComparing(QualifiedName::name);

    public QualifiedName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        if (schema.isEmpty() || name.isEmpty()) {
            throw new IllegalArgumentException("schema and name must not be empty");
        }
    }

    /** The name as SQL text, each part quoted where needed. */
    public String sql() {
        return Sql.qualified(schema, name);
    }

    /**
     * The name as {@code regclass} input reads it, for a literal such as {@code
     * 'public.t'::regclass}.
     */
    public String regclassText() {
        return Sql.regclassText(schema, name);
    }

    /** The name as typed SQL text for a template. */
    public dev.lrplan.sql.Fragment quoted() {
        return dev.lrplan.sql.Fragment.qualified(schema, name);
    }

    /** The name as a person reads it: {@code schema.name}, unquoted. */
    public String display() {
        return schema + "." + name;
    }

    @Override
    public int compareTo(QualifiedName other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return display();
    }
}
