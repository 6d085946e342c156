package dev.lrplan.catalog.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.catalog.CatalogFixtures;
import dev.lrplan.catalog.Column;
import dev.lrplan.catalog.Index;
import dev.lrplan.catalog.Sequence;
import dev.lrplan.catalog.Table;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import dev.lrplan.testing.PgDump;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The catalog read from {@code pg_dump -s} of a database agrees with the one introspected from it.
 * Uses the machine's pg_dump (Debian's PostgreSQL 15 client, which .ci/run installs) against 13.
 */
class DumpAgreementTest {

    @Test
    void dumpAndLiveCatalogAgree() throws Exception {
        Db db = Db.create(Clusters.shared("13"), "dump");
        db.exec(CatalogFixtures.schema("common.sql"));
        db.exec(CatalogFixtures.schema("hostile.sql"));
        Catalog live = db.introspect();

        SchemaFile file = DumpReader.read(PgDump.schema(db), "dump.sql");
        Catalog dumped = file.catalog();

        assertEquals(List.of(), file.unread(), "statements that matter but were not read");
        assertTrue(
                file.skipped().containsKey("psql meta-command")
                        || file.skipped().containsKey("SET"),
                "skipped: " + file.skipped());
        // pg_dump writes CREATE EXTENSION, not the tables an extension owns: those are not in a
        // dump.
        List<Table> liveTables = live.tables().stream().filter(t -> t.extension() == null).toList();
        assertEquals(1, live.tables().size() - liveTables.size());
        assertEquals(
                liveTables.stream().map(Table::name).toList(),
                dumped.tables().stream().map(Table::name).toList());
        for (Table t : liveTables) {
            Table d = dumped.table(t.name()).orElseThrow();
            String where = t.name().display();
            assertEquals(shape(t.columns()), shape(d.columns()), where + " columns");
            assertEquals(names(t.primaryKey()), names(d.primaryKey()), where + " primary key");
            assertEquals(t.owner(), d.owner(), where + " owner");
            assertEquals(t.kind(), d.kind(), where + " kind");
            assertEquals(t.partitionOf(), d.partitionOf(), where + " partition of");
            assertEquals(t.unlogged(), d.unlogged(), where + " unlogged");
            assertEquals(t.replicaIdentity(), d.replicaIdentity(), where + " replica identity");
            assertEquals(t.uniqueIndexes(), d.uniqueIndexes(), where + " unique indexes");
            assertEquals(t.secondaryIndexes(), d.secondaryIndexes(), where + " secondary indexes");
        }
        // The indexes lrplan can rebuild from their parts, and only those.
        assertEquals(
                List.of(
                        "accounts_email_key",
                        "accounts_nick_created_idx",
                        "dropped_col_kept_key",
                        "events_account_idx",
                        "events_amount_hash"),
                live.tables().stream()
                        .flatMap(t -> t.secondaryIndexes().stream())
                        .map(dev.lrplan.catalog.SecondaryIndex::name)
                        .sorted()
                        .toList());
        assertEquals(
                live.sequences().stream().map(DumpAgreementTest::withoutValue).toList(),
                dumped.sequences(),
                "sequences");
        assertEquals(
                live.materializedViews().stream().map(m -> m.name()).toList(),
                dumped.materializedViews().stream().map(m -> m.name()).toList());
    }

    /** Everything the dump states about a column; defaults and expressions too. */
    private static List<String> shape(List<Column> columns) {
        return columns.stream()
                .map(
                        c ->
                                c.position()
                                        + " "
                                        + c.name()
                                        + " "
                                        + c.type()
                                        + (c.notNull() ? " NOT NULL" : "")
                                        + " default="
                                        + c.defaultExpr()
                                        + " identity="
                                        + c.identity()
                                        + " generated="
                                        + c.generated()
                                        + " collate="
                                        + c.collation())
                .toList();
    }

    private static List<String> names(Index ix) {
        return ix == null ? List.of() : ix.columns();
    }

    private static Sequence withoutValue(Sequence s) {
        return new Sequence(
                s.name(),
                s.dataType(),
                s.start(),
                s.min(),
                s.max(),
                s.increment(),
                s.cycle(),
                null,
                s.ownedBy(),
                s.ownedByColumn());
    }
}
