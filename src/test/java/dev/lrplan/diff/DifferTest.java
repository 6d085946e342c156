package dev.lrplan.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.catalog.ServerInfo;
import dev.lrplan.catalog.dump.DumpReader;
import dev.lrplan.compile.Compiler;
import dev.lrplan.compile.step.Step;
import dev.lrplan.finding.Code;
import dev.lrplan.finding.Finding;
import dev.lrplan.finding.Severity;
import dev.lrplan.plan.Plan;
import dev.lrplan.plan.PlanLoader;
import dev.lrplan.render.Templates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The diff's decisions, on catalogs written as SQL (pure: no server needed). */
class DifferTest {
    @TempDir Path dir;

    private static Catalog catalog(int major, String sql) {
        Catalog c = DumpReader.read(sql, "test.sql").catalog();
        return new Catalog(
                new ServerInfo(major * 10000, major + ".0", "1", "shop", Map.of("TimeZone", "UTC")),
                c.schemas(),
                c.tables(),
                c.sequences(),
                c.materializedViews(),
                c.extensions(),
                0,
                List.of(),
                List.of(),
                List.of());
    }

    private Plan plan(String extra) throws IOException {
        Path p = dir.resolve("plan.yaml");
        Files.writeString(
                p, "plan: 1\nname: t\nsource: {url: 'host=a'}\ntarget: {url: 'host=b'}\n" + extra);
        return PlanLoader.load(p, Map.of());
    }

    private static Optional<Finding> finding(Diff d, Code code) {
        return d.findings().stream().filter(f -> f.code() == code).findFirst();
    }

    @Test
    void targetOnlyNotNullColumnWithoutDefaultIsUnsafe() throws IOException {
        Diff d =
                Differ.diff(
                        plan(""),
                        catalog(13, "CREATE TABLE t (id int PRIMARY KEY);"),
                        catalog(
                                16,
                                "CREATE TABLE t (id bigint PRIMARY KEY, must text NOT NULL, fine text NOT NULL DEFAULT 'x');"));
        assertEquals(Severity.ERROR, finding(d, Code.LR102).orElseThrow().severity());
        assertEquals("public.t.must", finding(d, Code.LR102).orElseThrow().subject());
        assertEquals(1, d.findings().stream().filter(f -> f.code() == Code.LR102).count());
        assertTrue(d.unsafe());
    }

    @Test
    void incompatibleTypesAreRefusedUnlessAcceptedWithAReason() throws IOException {
        Catalog s = catalog(13, "CREATE TABLE t (id int PRIMARY KEY, flag boolean);");
        Catalog t = catalog(16, "CREATE TABLE t (id int PRIMARY KEY, flag integer);");
        assertTrue(Differ.diff(plan(""), s, t).unsafe());
        Diff accepted =
                Differ.diff(
                        plan(
                                "drift:\n  accept_type_changes:\n    - {table: public.t, column: flag, reason: "
                                        + "'the app writes 0/1 only after switchover'}\n"),
                        s,
                        t);
        assertFalse(accepted.unsafe());
        assertEquals(Severity.WARNING, finding(accepted, Code.LR106).orElseThrow().severity());
    }

    @Test
    void replicatingIntoAGeneratedColumnIsUnsafe() throws IOException {
        Diff d =
                Differ.diff(
                        plan(""),
                        catalog(13, "CREATE TABLE t (id int PRIMARY KEY, total int);"),
                        catalog(
                                16,
                                "CREATE TABLE t (id int PRIMARY KEY, total int GENERATED ALWAYS AS (id * 2) STORED);"));
        assertEquals(Severity.ERROR, finding(d, Code.LR111).orElseThrow().severity());
    }

    @Test
    void aSequenceTheTargetCannotHoldIsUnsafe() throws IOException {
        Diff d =
                Differ.diff(
                        plan(""),
                        catalog(
                                13,
                                "CREATE TABLE t (id int PRIMARY KEY); CREATE SEQUENCE s AS integer START WITH 40000;"),
                        catalog(
                                16,
                                "CREATE TABLE t (id int PRIMARY KEY); CREATE SEQUENCE s AS smallint;"));
        assertTrue(
                finding(d, Code.LR112)
                        .orElseThrow()
                        .message()
                        .contains("exceeds the target's maximum 32767"));
        assertTrue(d.sequences().isEmpty());
    }

    @Test
    void insertOnlyTablesGetAPublicationOfTheirOwn() throws IOException {
        Plan p = plan("tables: {without_primary_key: insert-only}\n");
        Catalog s = catalog(13, "CREATE TABLE k (a int); CREATE TABLE t (id int PRIMARY KEY);");
        Catalog t = catalog(16, "CREATE TABLE k (a int); CREATE TABLE t (id int PRIMARY KEY);");
        Diff d = Differ.diff(p, s, t);
        assertEquals(TableMove.Publish.INSERT_ONLY, d.tables().get(0).publish());
        Compiler.Compiled c = Compiler.compile(p, d, s, t);
        Templates templates = Templates.builtIn();
        Step pub =
                c.steps().stream()
                        .filter(x -> x.name().equals("publication"))
                        .findFirst()
                        .orElseThrow();
        String sql = templates.render(pub.template(), pub.model());
        assertTrue(
                sql.contains(
                        "CREATE PUBLICATION t_pub_insert_only FOR TABLE\n  public.k\n  WITH (publish = 'insert');"),
                sql);
        Step sub =
                c.steps().stream()
                        .filter(x -> x.name().equals("subscription"))
                        .findFirst()
                        .orElseThrow();
        assertTrue(
                templates
                        .render(sub.template(), sub.model())
                        .contains("PUBLICATION t_pub, t_pub_insert_only"));
    }

    @Test
    void forAllTablesIsRefusedWhenItWouldPublishTablesThePlanLeavesOut() throws IOException {
        String sql =
                "CREATE TABLE t (id int PRIMARY KEY); CREATE TABLE skip (id int PRIMARY KEY);"
                        + "CREATE SCHEMA other; CREATE TABLE other.o (id int PRIMARY KEY); CREATE UNLOGGED TABLE u (id int PRIMARY KEY);";
        Diff wide =
                Differ.diff(
                        plan(
                                "replication: {for_all_tables: true}\ntables: {exclude: [public.skip]}\n"),
                        catalog(13, sql),
                        catalog(16, sql));
        Finding f = finding(wide, Code.LR117).orElseThrow();
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(
                f.message()
                        .endsWith(
                                "2 table(s) the plan leaves out or publishes insert-only: other.o, public.skip"),
                f.message());
        assertTrue(wide.unsafe());
        String all =
                "CREATE TABLE t (id int PRIMARY KEY); CREATE UNLOGGED TABLE u (id int PRIMARY KEY);";
        Diff exact =
                Differ.diff(
                        plan("replication: {for_all_tables: true}\n"),
                        catalog(13, all),
                        catalog(16, all));
        assertTrue(finding(exact, Code.LR117).isEmpty(), "unlogged tables are never published");
    }

    @Test
    void partitionedTablesArePublishedThroughTheirRootFrom13AndPerPartitionBefore()
            throws IOException {
        String parted =
                "CREATE TABLE m (id int NOT NULL, r text NOT NULL) PARTITION BY LIST (r);"
                        + "CREATE TABLE m_eu (id int NOT NULL, r text NOT NULL);"
                        + "ALTER TABLE ONLY m ATTACH PARTITION m_eu FOR VALUES IN ('eu');"
                        + "ALTER TABLE ONLY m_eu ADD CONSTRAINT m_eu_pkey PRIMARY KEY (id);";
        Diff on13 = Differ.diff(plan(""), catalog(13, parted), catalog(16, parted));
        assertEquals(List.of("m"), on13.tables().stream().map(t -> t.name().name()).toList());
        assertTrue(on13.viaPartitionRoot());
        Diff on12 = Differ.diff(plan(""), catalog(12, parted), catalog(16, parted));
        assertEquals(List.of("m_eu"), on12.tables().stream().map(t -> t.name().name()).toList());
        assertTrue(finding(on12, Code.LR018).isPresent());
    }

    @Test
    void aSchemaFileTargetNeedsItsVersion() throws IOException {
        Files.writeString(dir.resolve("schema.sql"), "CREATE TABLE t (id int PRIMARY KEY);");
        Path p = dir.resolve("plan.yaml");
        Files.writeString(
                p,
                "plan: 1\nname: t\nsource: {url: 'host=a'}\ntarget: {schema_file: schema.sql}\n");
        Catalog target =
                DumpReader.read("CREATE TABLE t (id int PRIMARY KEY);", "schema.sql").catalog();
        Diff d =
                Differ.diff(
                        PlanLoader.load(p, Map.of()),
                        catalog(13, "CREATE TABLE t (id int PRIMARY KEY);"),
                        target);
        assertEquals(Severity.ERROR, finding(d, Code.LR116).orElseThrow().severity());
        Files.writeString(
                p,
                "plan: 1\nname: t\nsource: {url: 'host=a'}\ntarget: {schema_file: schema.sql, version: 16}\n");
        Diff ok =
                Differ.diff(
                        PlanLoader.load(p, Map.of()),
                        catalog(13, "CREATE TABLE t (id int PRIMARY KEY);"),
                        target);
        assertFalse(ok.unsafe());
        assertEquals(16, ok.targetMajor());
    }

    @Test
    void missingTablesAndBadRenamesAreReported() throws IOException {
        Catalog s =
                catalog(
                        13,
                        "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY, x int);");
        Catalog t = catalog(16, "CREATE TABLE b (id int PRIMARY KEY, y int);");
        Diff lenient = Differ.diff(plan(""), s, t);
        assertEquals(Severity.WARNING, finding(lenient, Code.LR107).orElseThrow().severity());
        assertEquals(
                Severity.ERROR,
                Differ.diff(plan("tables: {require_all: true}\n"), s, t).findings().stream()
                        .filter(f -> f.code() == Code.LR107)
                        .findFirst()
                        .orElseThrow()
                        .severity());
        Diff badRename = Differ.diff(plan("drift:\n  renames: {public.b: {x: z}}\n"), s, t);
        assertEquals(Severity.ERROR, finding(badRename, Code.LR114).orElseThrow().severity());
        Diff goodRename = Differ.diff(plan("drift:\n  renames: {public.b: {x: y}}\n"), s, t);
        assertEquals(
                List.of(new TableMove.Rename("x", "integer", "y")),
                goodRename.tables().get(0).renames());
    }

    @Test
    void streamingParallelFallsBackToOnWhereTheSubscriberLacksIt() throws IOException {
        Plan p =
                plan(
                        "replication: { options: { streaming: parallel } }\nrollback: { enabled: false }\n");
        Catalog s = catalog(14, "CREATE TABLE t (id int PRIMARY KEY);");
        for (int target : new int[] {15, 16}) {
            Catalog t = catalog(target, "CREATE TABLE t (id int PRIMARY KEY);");
            Diff d = Differ.diff(p, s, t);
            Compiler.Compiled c = Compiler.compile(p, d, s, t);
            Step sub =
                    c.steps().stream()
                            .filter(x -> x.name().equals("subscription"))
                            .findFirst()
                            .orElseThrow();
            String sql = Templates.builtIn().render(sub.template(), sub.model());
            assertTrue(
                    sql.contains(target == 15 ? "streaming = 'on'" : "streaming = 'parallel'"),
                    sql);
            assertEquals(
                    target == 15 ? 1 : 0, c.droppedOptions().size(), c.droppedOptions().toString());
        }
    }
}
