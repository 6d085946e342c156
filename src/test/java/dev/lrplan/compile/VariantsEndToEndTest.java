package dev.lrplan.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.CompiledSteps;
import dev.lrplan.testing.Db;
import dev.lrplan.testing.PgDump;
import dev.lrplan.testing.Psql;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan's variants that the reference case does not use, compiled and run with psql on real 13 →
 * 16 clusters: insert-only publication, a partitioned table published through its root into a plain
 * target table, a target read from {@code pg_dump -s}, {@code ALTER SEQUENCE … RESTART}, and {@code
 * FOR ALL TABLES}.
 */
class VariantsEndToEndTest {
    @TempDir Path dir;

    private static final String SOURCE =
            """
            CREATE TABLE events (id bigint NOT NULL, region text NOT NULL, payload text, PRIMARY KEY (id, region))
              PARTITION BY LIST (region);
            CREATE TABLE events_eu PARTITION OF events FOR VALUES IN ('eu');
            CREATE TABLE events_us PARTITION OF events FOR VALUES IN ('us');
            CREATE TABLE log_lines (at timestamptz NOT NULL DEFAULT now(), line text);
            CREATE TABLE items (id serial PRIMARY KEY, name text);
            INSERT INTO events SELECT g, CASE WHEN g % 2 = 0 THEN 'eu' ELSE 'us' END, 'p' || g FROM generate_series(1, 200) g;
            INSERT INTO log_lines (line) SELECT 'l' || g FROM generate_series(1, 50) g;
            INSERT INTO items (name) SELECT 'i' || g FROM generate_series(1, 300) g;
            """;

    /** The new cluster: events is one plain table, items' ids are bigint. */
    private static final String TARGET =
            """
            CREATE TABLE events (id bigint NOT NULL, region text NOT NULL, payload text, PRIMARY KEY (id, region));
            CREATE TABLE log_lines (at timestamptz NOT NULL DEFAULT now(), line text);
            CREATE TABLE items (id bigserial PRIMARY KEY, name text);
            """;

    @Test
    void insertOnlyPartitionRootSchemaFileTargetAndAlterRestart() throws Exception {
        Db src = Db.create(Clusters.shared("13"), "var_src");
        Db tgt = Db.create(Clusters.shared("16"), "var_tgt");
        src.exec(SOURCE);
        tgt.exec(TARGET);
        Files.createDirectories(dir.resolve("sql"));
        // The schema file comes from a development database, as DBAs usually have it. Debian's
        // pg_dump 15 cannot
        // dump a 16 server, so that database lives on the 13 cluster; the plan says the target is
        // 16.
        Db dev = Db.create(Clusters.shared("13"), "var_dev");
        dev.exec(TARGET);
        Files.writeString(dir.resolve("sql/target.sql"), PgDump.schema(dev));
        Path out =
                compile(
                        """
                plan: 1
                name: variants
                source: { url: "${SRC}" }
                target: { schema_file: sql/target.sql, version: 16 }
                tables: { without_primary_key: insert-only }
                switchover: { sequences: alter-restart, sequence_margin: 100 }
                """,
                        src,
                        tgt);
        String publication = Files.readString(CompiledSteps.file(out, "publication"));
        assertTrue(
                publication.contains(
                        "  public.events,\n  public.items\n  WITH (publish_via_partition_root = true);"),
                publication);
        assertTrue(
                publication.contains("FOR TABLE\n  public.log_lines\n  WITH (publish = 'insert');"),
                publication);

        runAll(
                out,
                src,
                tgt,
                Map.of(
                        "enable-subscription",
                                r -> {
                                    tgt.await(
                                            "SELECT count(*) = 3 AND bool_and(srsubstate = 'r') FROM pg_subscription_rel",
                                            120,
                                            "events, log_lines and items ready");
                                    src.exec(
                                            "INSERT INTO events VALUES (1001, 'eu', 'late eu'), (1002, 'us', 'late us')");
                                    src.exec("INSERT INTO log_lines (line) VALUES ('late line')");
                                    // Published insert-only, the table without a row identity still
                                    // takes UPDATE and DELETE.
                                    src.exec(
                                            "UPDATE log_lines SET line = line || '!' WHERE line = 'l1'");
                                    src.exec("DELETE FROM log_lines WHERE line = 'l2'");
                                    src.exec("INSERT INTO items (name) VALUES ('late item')");
                                },
                        "confirm-final-lsn",
                                r -> {
                                    assertEquals(
                                            202,
                                            tgt.queryLong("SELECT count(*) FROM events"),
                                            "partition rows arrive in the plain table");
                                    assertEquals(
                                            "late eu",
                                            tgt.queryString(
                                                    "SELECT payload FROM events WHERE id = 1001"));
                                    assertEquals(
                                            51,
                                            tgt.queryLong("SELECT count(*) FROM log_lines"),
                                            "inserts arrive");
                                    assertEquals(
                                            1,
                                            tgt.queryLong(
                                                    "SELECT count(*) FROM log_lines WHERE line = 'l1'"),
                                            "the update was not replicated");
                                    assertEquals(
                                            1,
                                            tgt.queryLong(
                                                    "SELECT count(*) FROM log_lines WHERE line = 'l2'"),
                                            "the delete was not replicated");
                                },
                        "sequence-values",
                                r -> {
                                    assertTrue(
                                            r.out()
                                                    .contains(
                                                            "ALTER SEQUENCE public.items_id_seq RESTART WITH 402;"),
                                            r.out());
                                    Psql.stdin(tgt, r.out())
                                            .assertOk("sequence values on the target");
                                    assertEquals(
                                            402, tgt.queryLong("SELECT nextval('items_id_seq')"));
                                },
                        "rollback-subscription",
                                r -> {
                                    tgt.exec(
                                            "INSERT INTO events VALUES (2001, 'us', 'written on 16')");
                                    src.await(
                                            "SELECT count(*) = 1 FROM events_us WHERE id = 2001",
                                            60,
                                            "the new cluster's write reaches the old cluster's partition");
                                }));
        assertNothingLeft(src, tgt);
    }

    @Test
    void forAllTables() throws Exception {
        Db src = Db.create(Clusters.shared("13"), "all_src");
        Db tgt = Db.create(Clusters.shared("16"), "all_tgt");
        src.exec(SOURCE);
        tgt.exec(TARGET);
        String plan =
                """
                plan: 1
                name: everything
                source: { url: "${SRC}" }
                target: { url: "${DST}" }
                replication: { for_all_tables: true }
                tables: { without_primary_key: %s }
                monitoring: { aurora: true }
                """;
        // Aurora's function, stubbed: the Aurora variant of the monitoring queries must at least
        // run where it exists.
        String stub =
                "CREATE FUNCTION aurora_volume_logical_start_lsn() RETURNS pg_lsn LANGUAGE sql AS 'SELECT ''0/0''::pg_lsn'";
        src.exec(stub);
        tgt.exec(stub);
        Cli refused =
                Cli.run(
                        Map.of("SRC", src.uri(), "DST", tgt.uri()),
                        "diff",
                        write(plan.formatted("insert-only")));
        assertEquals(4, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.out().contains("LR117"), refused.out());

        Path out = compile(plan.formatted("replica-identity-full"), src, tgt);
        assertTrue(
                Files.readString(CompiledSteps.file(out, "publication"))
                        .contains(
                                "CREATE PUBLICATION everything_pub FOR ALL TABLES WITH (publish_via_partition_root = true);"));
        runAll(
                out,
                src,
                tgt,
                Map.of(
                        "enable-subscription",
                                r -> {
                                    tgt.await(
                                            "SELECT count(*) = 3 AND bool_and(srsubstate = 'r') FROM pg_subscription_rel",
                                            120,
                                            "all tables ready");
                                    src.exec(
                                            "UPDATE log_lines SET line = 'changed' WHERE line = 'l3'");
                                    src.exec("INSERT INTO events VALUES (1003, 'us', 'late')");
                                },
                        "confirm-final-lsn",
                                r -> {
                                    assertEquals(
                                            1,
                                            tgt.queryLong(
                                                    "SELECT count(*) FROM log_lines WHERE line = 'changed'"),
                                            "REPLICA IDENTITY FULL carries the update");
                                    assertEquals(201, tgt.queryLong("SELECT count(*) FROM events"));
                                },
                        "monitor-lag",
                                r ->
                                        assertTrue(
                                                r.out().contains("0/0"),
                                                "Aurora column shown: " + r.out()),
                        "sequence-values",
                                r ->
                                        Psql.stdin(tgt, r.out())
                                                .assertOk("sequence values on the target")));
        assertNothingLeft(src, tgt);
    }

    private String write(String plan) throws IOException {
        Path p = dir.resolve("plan.yaml");
        Files.writeString(p, plan);
        return p.toString();
    }

    private Path compile(String plan, Db src, Db tgt) throws IOException {
        Path out = dir.resolve("out");
        Cli cli =
                Cli.run(
                        Map.of("SRC", src.uri(), "DST", tgt.uri()),
                        "compile",
                        write(plan),
                        "-o",
                        out.toString());
        assertEquals(0, cli.exit(), cli.out() + cli.err());
        return out;
    }

    /** Runs every step in order with psql; after a step of a given name, runs its check. */
    private static void runAll(Path out, Db src, Db tgt, Map<String, Consumer<Psql.Result>> after)
            throws IOException {
        Map<String, String> vars =
                Map.of("source_conninfo", src.uri(), "target_conninfo", tgt.uri());
        List<String> seen = new ArrayList<>();
        for (CompiledSteps.Entry s : CompiledSteps.all(out)) {
            Db db = s.cluster().equals("source") ? src : tgt;
            Psql.Result r =
                    Psql.file(db, s.file(), vars).assertOk(s.file().getFileName().toString());
            after.getOrDefault(s.name(), x -> {}).accept(r);
            seen.add(s.name());
        }
        assertTrue(seen.containsAll(after.keySet()), "steps run: " + seen);
    }

    private static void assertNothingLeft(Db src, Db tgt) {
        assertEquals(
                0,
                src.queryLong(
                        "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()"));
        assertEquals(
                0,
                src.queryLong("SELECT count(*) FROM pg_publication")
                        + tgt.queryLong("SELECT count(*) FROM pg_publication"));
        assertEquals(
                0,
                tgt.queryLong(
                        "SELECT count(*) FROM pg_subscription WHERE subdbid = (SELECT oid FROM pg_database"
                                + " WHERE datname = current_database())"));
        assertEquals(
                0,
                src.queryLong(
                        "SELECT count(*) FROM pg_subscription WHERE subdbid = (SELECT oid FROM pg_database"
                                + " WHERE datname = current_database())"));
    }
}
