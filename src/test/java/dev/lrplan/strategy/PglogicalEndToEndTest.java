package dev.lrplan.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.sandbox.Cluster;
import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pglogical strategy end to end on two PostgreSQL 15 clusters with Debian's pglogical 2.4: a
 * writer during the sync, a table without a primary key published insert-only, a drift shim, a
 * rename and sequences; then switchover, a rollback write, and cleanup that leaves no node,
 * subscription, slot or origin behind.
 */
class PglogicalEndToEndTest {
    private static Cluster source;
    private static Cluster target;

    @TempDir Path dir;

    @BeforeAll
    static void start() {
        source = Clusters.pglogical15();
        target = Clusters.pglogical15();
    }

    @AfterAll
    static void stop() {
        source.close();
        target.close();
    }

    private static String tail(Cluster c) {
        String log = c instanceof dev.lrplan.sandbox.EmbeddedCluster ec ? ec.serverLog() : "";
        String errors =
                log.lines()
                        .filter(l -> l.contains("ERROR") || l.contains("FATAL"))
                        .collect(java.util.stream.Collectors.joining("\n"));
        return errors + "\n…\n" + log.substring(Math.max(0, log.length() - 4000));
    }

    @Test
    void upgradeWithShimRenameInsertOnlyAndSequencesThenRollbackWriteAndCleanup() throws Exception {
        Db src = Db.create(source, "pgl_old");
        Db tgt = Db.create(target, "pgl_new");
        src.exec(
                "CREATE TABLE public.orders (id serial PRIMARY KEY, status text, legacy_total numeric(10,2), gone int);"
                        + "CREATE TABLE public.audit (message text);"
                        + "INSERT INTO public.orders (status, legacy_total, gone) SELECT 'new', g, g FROM generate_series(1, 200) g;"
                        + "INSERT INTO public.audit SELECT 'event ' || g FROM generate_series(1, 20) g;");
        tgt.exec(
                "CREATE TABLE public.orders (id serial PRIMARY KEY, status text, total_amount numeric(10,2),"
                        + " label text NOT NULL);"
                        + "CREATE TABLE public.audit (message text);");
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(
                plan,
                """
                plan: 1
                name: pgl_upgrade
                source: { url: "${SRC}" }
                target: { url: "${DST}" }
                replication: { strategy: pglogical, subscription: pgl_sub }
                tables: { without_primary_key: insert-only }
                drift:
                  renames: { public.orders: { legacy_total: total_amount } }
                  fill: { public.orders: { label: "status || '#' || gone::text" } }
                """);
        Map<String, String> env = Map.of("SRC", src.uri(), "DST", tgt.uri());
        Path out = dir.resolve("out");
        Cli compiled = Cli.run(env, "compile", plan.toString(), "-o", out.toString());
        assertEquals(0, compiled.exit(), compiled.out() + compiled.err());

        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer =
                new Thread(
                        () -> {
                            while (writing.get()) {
                                src.exec(
                                        "INSERT INTO public.orders (status, legacy_total, gone) VALUES ('during', 9.99, 1)");
                            }
                        });
        writer.start();
        Cli synced;
        try {
            synced =
                    Cli.run(
                            env,
                            "apply",
                            out.toString(),
                            "--plan",
                            plan.toString(),
                            "--all",
                            "--gate-timeout",
                            "120");
        } finally {
            writing.set(false);
            writer.join();
        }
        assertEquals(0, synced.exit(), synced.out() + synced.err());
        Cli status = Cli.run(env, "status", out.toString(), "--plan", plan.toString());
        assertTrue(
                status.out().contains("initial sync: 2 table(s): ready 2"),
                status.out() + status.err());
        src.exec(
                "UPDATE public.audit SET message = 'changed on the source' WHERE message = 'event 1';"
                        + "INSERT INTO public.audit VALUES ('after sync')");

        Cli switched =
                Cli.run(
                        env,
                        "apply",
                        out.toString(),
                        "--plan",
                        plan.toString(),
                        "--all",
                        "--writes-stopped",
                        "--gate-timeout",
                        "120");
        assertEquals(0, switched.exit(), switched.out() + switched.err());
        assertEquals(
                src.queryLong("SELECT count(*) FROM public.orders"),
                tgt.queryLong("SELECT count(*) FROM public.orders"),
                "every row written during the sync arrived");
        assertEquals(
                src.queryString(
                        "SELECT string_agg(legacy_total::text, ',' ORDER BY id) FROM public.orders"),
                tgt.queryString(
                        "SELECT string_agg(total_amount::text, ',' ORDER BY id) FROM public.orders"),
                "renamed");
        assertEquals(
                src.queryString(
                        "SELECT string_agg(status || '#' || gone::text, ',' ORDER BY id) FROM public.orders"),
                tgt.queryString("SELECT string_agg(label, ',' ORDER BY id) FROM public.orders"),
                "drift.fill under pglogical: every row, copied or streamed, got the plan's value");
        assertEquals(
                1,
                tgt.queryLong("SELECT count(*) FROM public.audit WHERE message = 'after sync'"),
                "insert arrived");
        assertEquals(
                1,
                tgt.queryLong("SELECT count(*) FROM public.audit WHERE message = 'event 1'"),
                "the UPDATE of the insert-only table stayed on the source");
        assertTrue(
                tgt.queryLong("SELECT nextval('public.orders_id_seq')")
                        > src.queryLong("SELECT max(id) FROM public.orders"),
                "sequence ahead after switchover");

        tgt.exec(
                "INSERT INTO public.orders (status, total_amount, label) VALUES ('after switchover', 77.70,"
                        + " 'new app')");
        try {
            src.await(
                    "SELECT EXISTS (SELECT FROM public.orders WHERE status = 'after switchover' AND legacy_total = 77.70)",
                    60,
                    "the rollback write arrived on the old cluster");
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage()
                            + "\nsource log:\n"
                            + tail(source)
                            + "\ntarget log:\n"
                            + tail(target)
                            + "\n"
                            + switched.out(),
                    e);
        }

        // Going back through pglogical: the old cluster confirms the new one's last write, then
        // its sequence goes past the new one's.
        Cli back =
                Cli.run(
                        env,
                        "apply",
                        out.toString(),
                        "--plan",
                        plan.toString(),
                        "--all",
                        "--going-back",
                        "--gate-timeout",
                        "120");
        assertEquals(0, back.exit(), back.out() + back.err());
        assertTrue(back.out().contains("the old cluster confirmed"), back.out());
        assertTrue(
                src.queryLong("SELECT last_value FROM public.orders_id_seq")
                        > tgt.queryLong("SELECT last_value FROM public.orders_id_seq"),
                "the old cluster's sequence is past the new one's");
        Cli cleaned =
                Cli.run(
                        env,
                        "apply",
                        out.toString(),
                        "--plan",
                        plan.toString(),
                        "--all",
                        "--writes-stopped",
                        "--rollback-window-closed",
                        "--gate-timeout",
                        "120");
        assertEquals(0, cleaned.exit(), cleaned.out() + cleaned.err());
        for (Db db : new Db[] {src, tgt}) {
            assertEquals(
                    0,
                    db.queryLong("SELECT count(*) FROM pglogical.node"),
                    db.name() + ": no node");
            assertEquals(
                    0,
                    db.queryLong("SELECT count(*) FROM pglogical.subscription"),
                    db.name() + ": no subscription");
            assertEquals(
                    0,
                    db.queryLong("SELECT count(*) FROM pg_replication_slots"),
                    db.name() + ": no slot");
            assertEquals(
                    0,
                    db.queryLong("SELECT count(*) FROM pg_replication_origin"),
                    db.name() + ": no origin");
        }
        assertEquals(
                0,
                tgt.queryLong(
                        "SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.orders'::regclass"
                                + " AND attname IN ('legacy_total', 'gone') AND NOT attisdropped"),
                "shims dropped");
    }

    /**
     * Between two servers of the same major version pglogical sends binary values, which fail on a
     * column of another type ("incorrect binary data format", docs/facts.md): such a plan is
     * refused at compile with LR120, naming each column. (The rollback provider's values-fit check,
     * which only matters where types differ, is therefore shown by the 9.6 → 16 golden output:
     * pglogical runs here on 15 only.)
     */
    @Test
    void sameMajorTypeChangesAreRefusedSinceValuesTravelInBinary() throws Exception {
        Db src = Db.create(source, "pgl_fit_old");
        Db tgt = Db.create(target, "pgl_fit_new");
        src.exec(
                "CREATE TABLE public.m (id int PRIMARY KEY, v int);"
                        + "INSERT INTO public.m SELECT g, g FROM generate_series(1, 50) g;");
        tgt.exec("CREATE TABLE public.m (id bigint PRIMARY KEY, v bigint);");
        Path plan = dir.resolve("fit.yaml");
        Files.writeString(
                plan,
                """
                plan: 1
                name: pgl_fit
                source: { url: "${SRC}" }
                target: { url: "${DST}" }
                replication: { strategy: pglogical, subscription: pgl_fit }
                """);
        Map<String, String> env = Map.of("SRC", src.uri(), "DST", tgt.uri());
        Cli refusedPlan =
                Cli.run(env, "compile", plan.toString(), "-o", dir.resolve("refused").toString());
        assertEquals(4, refusedPlan.exit(), refusedPlan.out() + refusedPlan.err());
        assertTrue(
                refusedPlan.out().contains("LR120") || refusedPlan.err().contains("LR120"),
                refusedPlan.out() + refusedPlan.err());
        assertTrue(
                (refusedPlan.out() + refusedPlan.err()).contains("public.m.v (integer → bigint)"),
                refusedPlan.out() + refusedPlan.err());
    }

    @Test
    void stagesAreAddedOneAfterAnother() throws Exception {
        Db src = Db.create(source, "pgl_st_old");
        Db tgt = Db.create(target, "pgl_st_new");
        String ddl =
                "CREATE TABLE public.small (id int PRIMARY KEY); CREATE TABLE public.medium (id int PRIMARY KEY);"
                        + "CREATE TABLE public.large (id int PRIMARY KEY);";
        src.exec(
                ddl
                        + "INSERT INTO public.small SELECT generate_series(1, 10); INSERT INTO public.medium SELECT "
                        + "generate_series(1, 2000); INSERT INTO public.large SELECT generate_series(1, 20000);");
        src.exec("VACUUM ANALYZE");
        tgt.exec(ddl);
        Path plan = dir.resolve("staged.yaml");
        Files.writeString(
                plan,
                """
                plan: 1
                name: pgl_staged
                source: { url: "${SRC}" }
                target: { url: "${DST}" }
                replication:
                  strategy: pglogical
                  subscription: pgl_staged_sub
                  stages: { max_tables: 1, interval: 1s }
                """);
        Map<String, String> env = Map.of("SRC", src.uri(), "DST", tgt.uri());
        Path out = dir.resolve("staged-out");
        Cli compiled = Cli.run(env, "compile", plan.toString(), "-o", out.toString());
        assertEquals(0, compiled.exit(), compiled.out() + compiled.err());
        int addSecond =
                Integer.parseInt(
                        Files.list(out)
                                .map(p -> p.getFileName().toString())
                                .filter(f -> f.contains("add-tables-2"))
                                .findFirst()
                                .orElseThrow()
                                .substring(0, 2));
        Cli first =
                Cli.run(
                        env,
                        "apply",
                        out.toString(),
                        "--plan",
                        plan.toString(),
                        "--through",
                        Integer.toString(addSecond),
                        "--gate-timeout",
                        "120");
        assertEquals(0, first.exit(), first.out() + first.err());
        // The stage gate saw stage 1's one table ready before stage 2 was added.
        assertTrue(
                (first.out() + first.err()).contains("1/1 tables ready"),
                first.out() + first.err());
        // Stage 1 is ready; stage 2 was added last, and pglogical's worker may or may not have
        // started its copy yet (its sync row appears when it does); stage 3 is not added.
        String status =
                tgt.queryString(
                        "SELECT string_agg(sync_relname || ':' || sync_status::text, ',' ORDER BY sync_relname)"
                                + " FROM pglogical.local_sync_status WHERE sync_relname IS NOT NULL");
        assertTrue(
                status.matches("(medium:[a-z],)?small:r"),
                "stage 2 added only once stage 1 was ready, stage 3 not yet: " + status);
        Cli rest =
                Cli.run(
                        env,
                        "apply",
                        out.toString(),
                        "--plan",
                        plan.toString(),
                        "--all",
                        "--writes-stopped",
                        "--rollback-window-closed",
                        "--gate-timeout",
                        "120");
        assertEquals(0, rest.exit(), rest.out() + rest.err());
        assertTrue(rest.err().contains("lrplan: public.large verified: 20000 rows"), rest.err());
        assertEquals(0, src.queryLong("SELECT count(*) FROM pg_replication_slots"));
    }
}
