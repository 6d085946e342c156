package dev.lrplan.catalog;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table as logical replication sees it.
 *
 * @param partitionOf the parent when this table is a partition, else null
 * @param primaryKey the primary key, else null
 * @param uniqueIndexes unique indexes usable as replica identity, primary key excluded
 * @param estimatedRows the planner's estimate ({@code reltuples}); -1 when never analyzed
 * @param estimatedBytes heap and TOAST pages times the block size, read without locking the table
 * @param extension the extension that owns the table, else null
 * @param checks its CHECK constraints (absent from snapshots written before they were read)
 * @param otherUniqueKeys unique keys on plain columns that cannot serve as replica identity (a
 *     nullable column, or deferrable): they still refuse duplicates
 * @param secondaryIndexes the indexes a deferred-index copy drops and rebuilds (see {@link
 *     SecondaryIndex}); absent from snapshots written before they were read
 */
public record Table(
        QualifiedName name,
        String owner,
        Kind kind,
        QualifiedName partitionOf,
        boolean unlogged,
        ReplicaIdentity replicaIdentity,
        Index primaryKey,
        List<Index> uniqueIndexes,
        long estimatedRows,
        long estimatedBytes,
        String extension,
        List<Column> columns,
        @com.fasterxml.jackson.annotation.JsonInclude(
                        com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                List<Check> checks,
        @com.fasterxml.jackson.annotation.JsonInclude(
                        com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                List<Index> otherUniqueKeys,
        @com.fasterxml.jackson.annotation.JsonInclude(
                        com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                List<SecondaryIndex> secondaryIndexes) {
    public Table {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(replicaIdentity, "replicaIdentity");
        uniqueIndexes = sorted(uniqueIndexes, BY_INDEX_NAME);
        columns = sorted(columns, BY_POSITION);
        otherUniqueKeys = sorted(otherUniqueKeys, BY_INDEX_NAME);
        secondaryIndexes = sorted(secondaryIndexes, BY_SECONDARY_NAME);
        checks = sorted(checks, BY_CHECK_NAME);
    }

    private static final Comparator<Index> BY_INDEX_NAME = Comparator.comparing(Index::name);
    private static final Comparator<Column> BY_POSITION = Comparator.comparingInt(Column::position);
    private static final Comparator<SecondaryIndex> BY_SECONDARY_NAME =
            Comparator.comparing(SecondaryIndex::name);
    private static final Comparator<Check> BY_CHECK_NAME = Comparator.comparing(Check::name);

    /**
     * An unmodifiable sorted copy (null is empty). Without a stream: every table of a catalog of
     * thousands passes here five times.
     */
    private static <T> List<T> sorted(List<T> list, Comparator<? super T> order) {
        if (list == null || list.isEmpty()) {
            return List.of();
        }
        if (list.size() == 1) {
            return List.of(list.get(0));
        }
        @SuppressWarnings("unchecked")
        T[] a = (T[]) list.toArray();
        java.util.Arrays.sort(a, order);
        return List.of(a);
    }

    public enum Kind {
        ORDINARY,
        PARTITIONED
    }

    /** {@code REPLICA IDENTITY}: DEFAULT uses the primary key; INDEX a chosen unique index. */
    public enum ReplicaIdentity {
        DEFAULT,
        FULL,
        INDEX,
        NOTHING
    }

    public Optional<Column> column(String columnName) {
        // A loop, not a stream: called for every column of every table.
        for (Column c : columns) {
            if (c.name().equals(columnName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Whether UPDATE and DELETE on this table can be published: some identity identifies rows. */
    public boolean hasUsableIdentity() {
        return switch (replicaIdentity) {
            case DEFAULT -> primaryKey != null;
            case FULL, INDEX -> true;
            case NOTHING -> false;
        };
    }
}
