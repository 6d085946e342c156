package dev.lrplan.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test schemas and the catalog views tests compare. */
public final class CatalogFixtures {
    private CatalogFixtures() {}

    public static String schema(String name) {
        try (InputStream in = CatalogFixtures.class.getResourceAsStream("/schemas/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The catalog without what belongs to the server's version rather than the schema: server
     * facts, planner estimates (their bookkeeping changed in 14), extension versions, cluster-wide
     * slots, and the owner of schema public (pg_database_owner from 15 on).
     */
    public static Catalog versionFree(Catalog c) {
        List<Table> tables =
                c.tables().stream()
                        .map(
                                t ->
                                        new Table(
                                                t.name(),
                                                t.owner(),
                                                t.kind(),
                                                t.partitionOf(),
                                                t.unlogged(),
                                                t.replicaIdentity(),
                                                t.primaryKey(),
                                                t.uniqueIndexes(),
                                                0,
                                                0,
                                                t.extension(),
                                                t.columns(),
                                                t.checks(),
                                                t.otherUniqueKeys(),
                                                t.secondaryIndexes()))
                        .toList();
        List<Extension> extensions =
                c.extensions().stream().map(e -> new Extension(e.name(), "", e.schema())).toList();
        List<Schema> schemas =
                c.schemas().stream()
                        .map(
                                s ->
                                        s.owner().equals("pg_database_owner")
                                                ? new Schema(s.name(), "postgres")
                                                : s)
                        .toList();
        return new Catalog(
                null,
                schemas,
                tables,
                c.sequences(),
                c.materializedViews(),
                extensions,
                c.largeObjects(),
                c.publications(),
                c.subscriptions(),
                List.of());
    }
}
