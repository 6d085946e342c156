package dev.lrplan.catalog;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Everything lrplan knows about one database: read from a live server, a snapshot file or a {@code
 * pg_dump -s} file. Immutable and canonical: every list is sorted, so two catalogs of the same
 * database are equal and serialize to the same bytes.
 *
 * @param server facts about the server, or null when the catalog came from a schema file
 * @param largeObjects the number of large objects, or -1 when unknown
 */
public record Catalog(
        ServerInfo server,
        List<Schema> schemas,
        List<Table> tables,
        List<Sequence> sequences,
        List<MaterializedView> materializedViews,
        List<Extension> extensions,
        long largeObjects,
        List<Publication> publications,
        List<Subscription> subscriptions,
        List<ReplicationSlot> replicationSlots) {
    public Catalog {
        schemas = sorted(schemas, Comparator.comparing(Schema::name));
        tables = sorted(tables, Comparator.comparing(Table::name));
        sequences = sorted(sequences, Comparator.comparing(Sequence::name));
        materializedViews = sorted(materializedViews, Comparator.comparing(MaterializedView::name));
        extensions = sorted(extensions, Comparator.comparing(Extension::name));
        publications = sorted(publications, Comparator.comparing(Publication::name));
        subscriptions = sorted(subscriptions, Comparator.comparing(Subscription::name));
        replicationSlots = sorted(replicationSlots, Comparator.comparing(ReplicationSlot::name));
    }

    /**
     * An unmodifiable sorted copy; a list already sorted (a catalog rebuilt from another) is
     * copied, not sorted again.
     */
    private static <T> List<T> sorted(List<T> items, Comparator<T> order) {
        if (items == null) {
            return List.of();
        }
        boolean inOrder = true;
        for (int i = 1; i < items.size() && inOrder; i++) {
            inOrder = order.compare(items.get(i - 1), items.get(i)) <= 0;
        }
        if (inOrder) {
            return java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
        }
        @SuppressWarnings("unchecked")
        T[] a = (T[]) items.toArray();
        java.util.Arrays.sort(a, order);
        return java.util.Collections.unmodifiableList(java.util.Arrays.asList(a));
    }

    public Optional<ServerInfo> serverInfo() {
        return Optional.ofNullable(server);
    }

    /** By name, in logarithmic time: the tables are sorted by name. */
    public Optional<Table> table(QualifiedName name) {
        return find(tables, Table::name, name);
    }

    /** By name, in logarithmic time: the sequences are sorted by name. */
    public Optional<Sequence> sequence(QualifiedName name) {
        return find(sequences, Sequence::name, name);
    }

    private static <T> Optional<T> find(
            List<T> sorted, java.util.function.Function<T, QualifiedName> key, QualifiedName name) {
        int lo = 0;
        int hi = sorted.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = key.apply(sorted.get(mid)).compareTo(name);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return Optional.of(sorted.get(mid));
            }
        }
        return Optional.empty();
    }
}
