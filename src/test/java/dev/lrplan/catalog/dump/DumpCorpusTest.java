package dev.lrplan.catalog.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.catalog.CatalogFixtures;
import dev.lrplan.catalog.Column;
import dev.lrplan.catalog.Table;
import dev.lrplan.diag.Diagnostic;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import dev.lrplan.testing.PgDump;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The schema-file reader on real {@code pg_dump -s} output (Debian's pg_dump 15, which writes
 * {@code \restrict}) of a schema with the constructs real applications use (CHECK, EXCLUDE,
 * deferrable foreign keys, domains, enums, arrays, collations, inheritance, policies, comments,
 * dollar-quoted functions, triggers, views, materialized views, extensions; on 15 also identity,
 * generated columns, partitions and UNIQUE NULLS NOT DISTINCT), against every server from 9.6 to 15
 * (pg_dump 15 cannot dump 16 or 17): it never crashes; every table it reads agrees with live
 * introspection of the same database; a statement it cannot read is named with its line, and those
 * are exactly the known ones.
 */
class DumpCorpusTest {

    @Test
    void realDumpsOfAppConstructsReadLikeTheLiveCatalogOnEveryServer() throws Exception {
        for (String major : List.of("9.6", "10", "11", "12", "13", "14", "15")) {
            // Servers no other test uses are started for this one alone, and stopped after it.
            boolean own = !(major.equals("13") || major.equals("10") || major.equals("9.6"));
            dev.lrplan.sandbox.Cluster cluster =
                    own ? Clusters.start(major, java.util.Map.of()) : Clusters.shared(major);
            Db db = Db.create(cluster, "corpus");
            db.exec(CatalogFixtures.schema("constructs.sql"));
            if (major.equals("15")) {
                db.exec(CatalogFixtures.schema("constructs15.sql"));
            }
            Catalog live = db.introspect();
            String dump = PgDump.schema(db);
            SchemaFile file = DumpReader.read(dump, "corpus-" + major + ".sql");
            Set<String> unreadTables = new TreeSet<>();
            for (Diagnostic d : file.unread()) {
                assertTrue(
                        d.toString().matches("corpus-[0-9.]+\\.sql:[0-9]+:[0-9]+: .*"),
                        "named with file, line and column: " + d);
                java.util.regex.Matcher m =
                        java.util.regex.Pattern.compile("CREATE TABLE (\\S+)")
                                .matcher(d.toString());
                if (m.find()) {
                    unreadTables.add(m.group(1));
                }
            }
            assertEquals(
                    Set.of("public.car"),
                    unreadTables,
                    major + ": the tables it cannot read (INHERITS): " + file.unread());
            Catalog dumped = file.catalog();
            assertEquals(
                    List.of("CHECK ((name <> ''::text))"),
                    dumped
                            .table(new dev.lrplan.catalog.QualifiedName("public", "room"))
                            .orElseThrow()
                            .checks()
                            .stream()
                            .map(dev.lrplan.catalog.Check::definition)
                            .toList(),
                    major + ": the CHECK constraint, as pg_get_constraintdef prints it");
            for (Table t : live.tables()) {
                String where = major + " " + t.name().display();
                if (t.extension() != null || unreadTables.contains(t.name().display())) {
                    continue;
                }
                Table d =
                        dumped.table(t.name())
                                .orElseThrow(() -> new AssertionError(where + " not read"));
                assertEquals(shape(t.columns()), shape(d.columns()), where + " columns");
                assertEquals(t.primaryKey(), d.primaryKey(), where + " primary key");
                assertEquals(t.uniqueIndexes(), d.uniqueIndexes(), where + " unique indexes");
                assertEquals(t.replicaIdentity(), d.replicaIdentity(), where + " identity");
                assertEquals(t.checks(), d.checks(), where + " CHECK constraints");
                assertEquals(
                        t.otherUniqueKeys(), d.otherUniqueKeys(), where + " other unique keys");
            }
            assertEquals(
                    live.sequences().stream().map(s -> s.name()).toList(),
                    dumped.sequences().stream().map(s -> s.name()).toList(),
                    major + " sequences");
            assertEquals(
                    live.materializedViews().stream().map(v -> v.name()).toList(),
                    dumped.materializedViews().stream().map(v -> v.name()).toList(),
                    major + " materialized views");
            if (own) {
                cluster.close();
            }
        }
    }

    private static List<String> shape(List<Column> columns) {
        return columns.stream()
                .map(
                        c ->
                                c.name()
                                        + " "
                                        + c.type()
                                        + (c.notNull() ? " NOT NULL" : "")
                                        + " default="
                                        + c.defaultExpr()
                                        + " collate="
                                        + c.collation())
                .toList();
    }
}
