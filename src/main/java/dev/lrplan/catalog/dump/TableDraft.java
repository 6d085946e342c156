package dev.lrplan.catalog.dump;

import dev.lrplan.catalog.Column;
import dev.lrplan.catalog.Index;
import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.catalog.Table;
import java.util.ArrayList;
import java.util.List;

/** A table as the dump's statements describe it, built into a {@link Table} once all are read. */
final class TableDraft {
    final QualifiedName name;
    final boolean unlogged;
    final List<ColumnDraft> columns = new ArrayList<>();
    final List<IndexDraft> unique = new ArrayList<>();
    final List<SecondaryDraft> secondary = new ArrayList<>();
    final List<dev.lrplan.catalog.Check> checks = new ArrayList<>();
    final java.util.Set<String> notNull = new java.util.HashSet<>();
    String owner = "";
    boolean partitioned;
    QualifiedName partitionOf;
    Index primaryKey;
    Table.ReplicaIdentity replicaIdentity = Table.ReplicaIdentity.DEFAULT;
    String replicaIdentityIndex;

    TableDraft(QualifiedName name, boolean unlogged) {
        this.name = name;
        this.unlogged = unlogged;
    }

    Table build() {
        List<Column> cols = new ArrayList<>();
        for (ColumnDraft c : columns) {
            cols.add(
                    new Column(
                            c.name,
                            c.position,
                            c.type,
                            c.notNull || notNull.contains(c.name),
                            c.defaultExpr,
                            c.identity,
                            c.generated,
                            c.collation));
        }
        List<Index> uniques = new ArrayList<>();
        List<Index> others = new ArrayList<>();
        for (IndexDraft ix : unique) {
            boolean allNotNull =
                    ix.columns().stream()
                            .allMatch(
                                    n ->
                                            cols.stream()
                                                    .anyMatch(
                                                            c ->
                                                                    c.name().equals(n)
                                                                            && c.notNull()));
            Index index =
                    new Index(
                            ix.name(), ix.columns(), false, ix.name().equals(replicaIdentityIndex));
            if (ix.plain() && allNotNull) {
                uniques.add(index);
            } else {
                others.add(index);
            }
        }
        return new Table(
                name,
                owner,
                partitioned ? Table.Kind.PARTITIONED : Table.Kind.ORDINARY,
                partitionOf,
                unlogged,
                replicaIdentity,
                primaryKey,
                uniques,
                -1,
                0,
                null,
                cols,
                checks,
                others,
                secondary.stream()
                        .filter(ix -> ix.method().matches("[a-z][a-z0-9_]{0,62}"))
                        .map(
                                ix ->
                                        new dev.lrplan.catalog.SecondaryIndex(
                                                ix.name(),
                                                ix.unique(),
                                                ix.constraint(),
                                                ix.method(),
                                                ix.columns()))
                        .toList());
    }
}
