package dev.lrplan.rehearse;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.catalog.Column;
import dev.lrplan.catalog.Extension;
import dev.lrplan.catalog.Index;
import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.catalog.SecondaryIndex;
import dev.lrplan.catalog.Sequence;
import dev.lrplan.catalog.Table;
import dev.lrplan.sql.Ident;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A schema script written from what lrplan's catalog queries read (a live cluster, or a snapshot):
 * schemas, extensions, sequences, tables with their columns, defaults, identity and generated
 * columns, primary keys, unique indexes and keys, CHECK constraints, the plain secondary indexes,
 * replica identities and owners. It is what {@code rehearse --from-live} loads; {@link #gaps()}
 * says what the catalog does not carry, so the verdict can say what the rehearsal could not see.
 */
final class CatalogScript {
    private final Catalog catalog;
    private final List<String> gaps = new ArrayList<>();

    private CatalogScript(Catalog catalog) {
        this.catalog = catalog;
    }

    /** What a catalog read by lrplan never holds, whatever the database. */
    static final List<String> NEVER_CARRIED =
            List.of(
                    "foreign keys",
                    "views and materialized views' definitions",
                    "functions, procedures and triggers",
                    "user-defined types (enums, domains, composite types)",
                    "expression, partial and non-default indexes",
                    "partition keys and bounds",
                    "row-level security policies, grants and comments");

    static CatalogScript of(Catalog catalog) {
        return new CatalogScript(catalog);
    }

    /** What this catalog holds that the script leaves out (partitioned tables, views …). */
    List<String> gaps() {
        return List.copyOf(gaps);
    }

    String render() {
        StringBuilder b = new StringBuilder();
        b.append("-- Written by lrplan rehearse --from-live from the catalog of PostgreSQL ")
                .append(catalog.serverInfo().map(s -> s.version()).orElse("?"))
                .append(".\n-- It lacks: ")
                .append(String.join("; ", NEVER_CARRIED))
                .append(".\n");
        Set<String> schemas = new TreeSet<>();
        catalog.tables().forEach(t -> schemas.add(t.name().schema()));
        catalog.sequences().forEach(s -> schemas.add(s.name().schema()));
        catalog.extensions().forEach(e -> schemas.add(e.schema()));
        for (String s : schemas) {
            if (!s.equals("public") && !s.startsWith("pg_") && !s.equals("information_schema")) {
                b.append("CREATE SCHEMA IF NOT EXISTS ").append(id(s)).append(";\n");
            }
        }
        for (Extension e : catalog.extensions()) {
            if (!e.name().equals("plpgsql")) {
                b.append("CREATE EXTENSION IF NOT EXISTS ")
                        .append(id(e.name()))
                        .append(" WITH SCHEMA ")
                        .append(id(e.schema()))
                        .append(";\n");
            }
        }
        Set<QualifiedName> identitySequences = new TreeSet<>();
        for (Table t : catalog.tables()) {
            for (Column c : t.columns()) {
                if (c.identity() != Column.Identity.NONE) {
                    catalog.sequences().stream()
                            .filter(
                                    s ->
                                            t.name().equals(s.ownedBy())
                                                    && c.name().equals(s.ownedByColumn()))
                            .forEach(s -> identitySequences.add(s.name()));
                }
            }
        }
        for (Sequence s : catalog.sequences()) {
            if (identitySequences.contains(s.name())) {
                continue;
            }
            b.append("CREATE SEQUENCE ")
                    .append(s.name().sql())
                    .append(s.dataType() == null ? "" : " AS " + s.dataType())
                    .append(" INCREMENT ")
                    .append(s.increment())
                    .append(" MINVALUE ")
                    .append(s.min())
                    .append(" MAXVALUE ")
                    .append(s.max())
                    .append(" START ")
                    .append(s.start())
                    .append(s.cycle() ? " CYCLE" : "")
                    .append(";\n");
        }
        for (Table t : catalog.tables()) {
            if (t.extension() != null) {
                continue; // the extension creates it
            }
            if (t.kind() == Table.Kind.PARTITIONED || t.partitionOf() != null) {
                gaps.add(
                        "partitioned table "
                                + t.name().display()
                                + " (its partition key and bounds are not in the catalog)");
                continue;
            }
            table(b, t);
        }
        for (Sequence s : catalog.sequences()) {
            if (!identitySequences.contains(s.name())
                    && s.ownedBy() != null
                    && s.ownedByColumn() != null
                    && catalog.tables().stream().anyMatch(t -> t.name().equals(s.ownedBy()))) {
                b.append("ALTER SEQUENCE ")
                        .append(s.name().sql())
                        .append(" OWNED BY ")
                        .append(s.ownedBy().sql())
                        .append('.')
                        .append(id(s.ownedByColumn()))
                        .append(";\n");
            }
        }
        if (!catalog.materializedViews().isEmpty()) {
            gaps.add(
                    catalog.materializedViews().size()
                            + " materialized view(s): "
                            + catalog.materializedViews().stream()
                                    .map(m -> m.name().display())
                                    .collect(Collectors.joining(", ")));
        }
        return b.toString();
    }

    private void table(StringBuilder b, Table t) {
        List<String> cols = new ArrayList<>();
        for (Column c : t.columns()) {
            StringBuilder d =
                    new StringBuilder("    ").append(id(c.name())).append(' ').append(c.type());
            if (c.collation() != null) {
                d.append(" COLLATE ").append(c.collation());
            }
            if (c.generated() != null) {
                d.append(" GENERATED ALWAYS AS (").append(c.generated()).append(") STORED");
            } else if (c.identity() != Column.Identity.NONE) {
                d.append(
                        c.identity() == Column.Identity.ALWAYS
                                ? " GENERATED ALWAYS AS IDENTITY"
                                : " GENERATED BY DEFAULT AS IDENTITY");
            } else if (c.defaultExpr() != null) {
                d.append(" DEFAULT ").append(c.defaultExpr());
            }
            if (c.notNull()) {
                d.append(" NOT NULL");
            }
            cols.add(d.toString());
        }
        b.append("CREATE ")
                .append(t.unlogged() ? "UNLOGGED " : "")
                .append("TABLE ")
                .append(t.name().sql())
                .append(" (\n")
                .append(String.join(",\n", cols))
                .append("\n);\n");
        if (t.primaryKey() != null) {
            b.append("ALTER TABLE ONLY ")
                    .append(t.name().sql())
                    .append(" ADD CONSTRAINT ")
                    .append(id(t.primaryKey().name()))
                    .append(" PRIMARY KEY (")
                    .append(columns(t.primaryKey().columns()))
                    .append(");\n");
        }
        List<Index> unique = new ArrayList<>(t.uniqueIndexes());
        unique.addAll(t.otherUniqueKeys());
        for (Index i : unique) {
            b.append("CREATE UNIQUE INDEX ")
                    .append(id(i.name()))
                    .append(" ON ")
                    .append(t.name().sql())
                    .append(" (")
                    .append(columns(i.columns()))
                    .append(");\n");
        }
        for (SecondaryIndex i : t.secondaryIndexes()) {
            if (unique.stream().anyMatch(u -> u.name().equals(i.name()))) {
                continue;
            }
            b.append("CREATE ")
                    .append(i.unique() ? "UNIQUE " : "")
                    .append("INDEX ")
                    .append(id(i.name()))
                    .append(" ON ")
                    .append(t.name().sql())
                    .append(" USING ")
                    .append(i.method())
                    .append(" (")
                    .append(columns(i.columns()))
                    .append(");\n");
        }
        for (var c : t.checks()) {
            b.append("ALTER TABLE ")
                    .append(t.name().sql())
                    .append(" ADD CONSTRAINT ")
                    .append(id(c.name()))
                    .append(' ')
                    .append(c.definition())
                    .append(";\n");
        }
        switch (t.replicaIdentity()) {
            case FULL ->
                    b.append("ALTER TABLE ")
                            .append(t.name().sql())
                            .append(" REPLICA IDENTITY FULL;\n");
            case NOTHING ->
                    b.append("ALTER TABLE ")
                            .append(t.name().sql())
                            .append(" REPLICA IDENTITY NOTHING;\n");
            case INDEX ->
                    t.uniqueIndexes().stream()
                            .filter(Index::replicaIdentity)
                            .findFirst()
                            .ifPresent(
                                    i ->
                                            b.append("ALTER TABLE ")
                                                    .append(t.name().sql())
                                                    .append(" REPLICA IDENTITY USING INDEX ")
                                                    .append(id(i.name()))
                                                    .append(";\n"));
            case DEFAULT -> {}
        }
        if (!t.owner().isEmpty()) {
            b.append("ALTER TABLE ")
                    .append(t.name().sql())
                    .append(" OWNER TO ")
                    .append(id(t.owner()))
                    .append(";\n");
        }
    }

    private static String columns(List<String> cols) {
        return cols.stream().map(CatalogScript::id).collect(Collectors.joining(", "));
    }

    private static String id(String name) {
        return Ident.of(name).sql();
    }
}
