package dev.lrplan.demo;

import dev.lrplan.apply.Applier;
import dev.lrplan.apply.Folder;
import dev.lrplan.db.ConnInfo;
import dev.lrplan.db.Database;
import dev.lrplan.finding.Finding;
import dev.lrplan.finding.Severity;
import dev.lrplan.pipeline.CompilePipeline;
import dev.lrplan.pipeline.Inputs;
import dev.lrplan.plan.Plan;
import dev.lrplan.plan.PlanLoader;
import dev.lrplan.render.OutputFolder;
import dev.lrplan.render.Templates;
import dev.lrplan.sandbox.Cluster;
import dev.lrplan.sandbox.EmbeddedCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * The whole upgrade on two embedded clusters: the reference case's old schema with data on 13, the
 * new schema on 16, the example plan compiled and applied step by step while an application writes,
 * switchover, verification, the rollback path, and cleanup. Every check it makes is printed; it
 * fails if one fails.
 */
public final class Demo {
    private static final List<String> TABLES =
            List.of("public.customers", "public.orders", "public.order_items", "public.audit_log");
    private static final Duration GATE_TIMEOUT = Duration.ofSeconds(120);

    private final Path output;
    private final String version;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;
    private final List<String> failures = new ArrayList<>();

    private Demo(Path output, String version, PrintWriter out, PrintWriter err, boolean terminal) {
        this.output = output;
        this.version = version;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /**
     * @return true when every verification passed
     */
    public static boolean run(
            Path output, String version, PrintWriter out, PrintWriter err, boolean terminal)
            throws IOException, InterruptedException {
        return new Demo(output, version, out, err, terminal).run();
    }

    private boolean run() throws IOException, InterruptedException {
        long started = System.nanoTime();
        Files.createDirectories(output);
        Map<String, String> logical = Map.of("wal_level", "logical");
        section("1. starting embedded PostgreSQL 13 (old cluster) and 16 (new cluster)");
        try (Cluster oldCluster = EmbeddedCluster.start("13", logical);
                Cluster newCluster = EmbeddedCluster.start("16", logical)) {
            ConnInfo source = ConnInfo.parse(oldCluster.uri("shop"), Map.of());
            ConnInfo target = ConnInfo.parse(newCluster.uri("shop"), Map.of());
            out.printf("   old: %s%n   new: %s%n", oldCluster.uri("shop"), newCluster.uri("shop"));

            section("2. the old schema with data on 13, the new schema on 16");
            create(oldCluster, "source.sql");
            create(newCluster, "target.sql");
            out.printf(
                    "   old cluster: %d orders, %d customers%n",
                    count(source, "public.orders"), count(source, "public.customers"));

            section("3. the plan, compiled");
            Path folder = compile(source, target);
            if (folder == null) {
                return false;
            }

            section("4. apply, while the application keeps writing to the old cluster");
            Folder manifest = Folder.read(folder);
            try (Writer writer = new Writer(source)) {
                writer.start();
                apply(manifest, source, target, EnumSet.noneOf(Applier.Confirmation.class));
                writer.check();

                section(
                        "5. switchover: the application stops, the remaining steps run, the application moves to 16");
                writer.pause();
                out.printf(
                        "   application stopped: %d orders written to the old cluster during the demo (last id %d)%n",
                        writer.oldWrites(), writer.lastOldId());
                apply(manifest, source, target, EnumSet.of(Applier.Confirmation.WRITES_STOPPED));
                writer.resumeOn(target);
                writer.awaitNewWrites(20);
                out.printf("   application writing to the new cluster (first write accepted)%n");

                section("6. verification");
                verify(source, target, writer.lastOldId());

                section("7. the rollback path: writes on 16 reach 13");
                long lastNew = writer.lastNewId();
                check(
                        await(
                                source,
                                "SELECT count(*) = 1 FROM public.orders WHERE id = " + lastNew,
                                30),
                        "order "
                                + lastNew
                                + ", written on the new cluster, arrived on the old one");
                writer.close();
                check(
                        await(
                                source,
                                "SELECT (SELECT count(*) FROM public.orders) = "
                                        + count(target, "public.orders"),
                                30),
                        "after the application stopped, both clusters hold the same "
                                + count(target, "public.orders")
                                + " orders");
                report(writer);
            }

            section("8. cleanup, once the rollback window is over");
            apply(
                    manifest,
                    source,
                    target,
                    EnumSet.of(Applier.Confirmation.ROLLBACK_WINDOW_CLOSED));
            check(
                    scalar(source, "SELECT count(*) FROM pg_replication_slots") == 0,
                    "no replication slot left on 13");
            check(
                    scalar(target, "SELECT count(*) FROM pg_replication_slots") == 0,
                    "no replication slot left on 16");
            check(
                    scalar(
                                    target,
                                    "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' "
                                            + "AND column_name IN ('legacy_total', 'deprecated_flag')")
                            == 0,
                    "drift shims dropped on 16");
            check(
                    scalar(target, "SELECT count(*) FROM lrplan_backup.\"public.orders\"") > 0,
                    "their data backed up in lrplan_backup.\"public.orders\"");
            out.printf(
                    "%nthe compiled folder: %s (REVIEW.md, manifest.json, %d steps)%n",
                    folder, manifest.steps().size());
        }
        out.printf(
                "demo finished in %.1f s; both clusters stopped and removed%n",
                (System.nanoTime() - started) / 1e9);
        if (!failures.isEmpty()) {
            err.println(
                    "demo: "
                            + failures.size()
                            + " verification(s) failed: "
                            + String.join("; ", failures));
            return false;
        }
        out.println("every verification passed");
        return true;
    }

    private void section(String title) {
        out.printf("%n%s%n", title);
        out.flush();
    }

    private void create(Cluster cluster, String script) {
        ConnInfo admin = ConnInfo.parse(cluster.uri("postgres"), Map.of());
        try (Connection c = Database.connect(admin);
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE shop");
        } catch (SQLException e) {
            throw Database.failure("demo setup", e);
        }
        try (Connection c = Database.connect(ConnInfo.parse(cluster.uri("shop"), Map.of()));
                Statement st = c.createStatement()) {
            st.execute(resource("/lrplan/demo/" + script));
        } catch (SQLException e) {
            throw Database.failure("demo setup", e);
        }
    }

    private Path compile(ConnInfo source, ConnInfo target) throws IOException {
        Path planDir = output.resolve("plan");
        Files.createDirectories(planDir.resolve("sql"));
        String plan =
                resource("/lrplan/demo/plan/plan.yaml")
                        .replace(
                                "source: { snapshot: catalogs/source.json }",
                                "source: { url: \"${LRPLAN_DEMO_SOURCE}\" }")
                        .replace(
                                "target: { snapshot: catalogs/target.json }",
                                "target: { url: \"${LRPLAN_DEMO_TARGET}\" }");
        Files.writeString(planDir.resolve("plan.yaml"), plan);
        Files.writeString(
                planDir.resolve("sql/django_migrations_data.sql"),
                resource("/lrplan/demo/plan/sql/django_migrations_data.sql"));
        Map<String, String> env =
                Map.of("LRPLAN_DEMO_SOURCE", source.libpq(), "LRPLAN_DEMO_TARGET", target.libpq());
        Plan p = PlanLoader.load(planDir.resolve("plan.yaml"), env);
        CompilePipeline.Result r =
                CompilePipeline.run(
                        p,
                        Inputs.load(p.source(), env),
                        Inputs.load(p.target(), env),
                        Templates.builtIn(),
                        version);
        Path folder = output.resolve("compiled");
        if (r.diff().unsafe()) {
            r.diff().findings().stream()
                    .filter(f -> f.severity() == Severity.ERROR)
                    .forEach(f -> err.println("   " + f.code() + " " + f.message()));
            failures.add("the plan has unsafe findings");
            return null;
        }
        OutputFolder.write(folder, r.files());
        out.printf(
                "   plan: %s%n   wrote %s: %d steps; REVIEW.md's summary:%n",
                planDir.resolve("plan.yaml"), folder, r.compiled().steps().size());
        String review = r.files().get("REVIEW.md");
        review.lines()
                .dropWhile(l -> !l.startsWith("## "))
                .skip(1)
                .takeWhile(l -> !l.startsWith("## "))
                .filter(l -> !l.isBlank())
                .forEach(l -> out.println("   " + l));
        long warnings =
                r.diff().findings().stream().filter(f -> f.severity() == Severity.WARNING).count();
        out.printf(
                "   %d warning(s), for example: %s%n",
                warnings,
                r.diff().findings().stream()
                        .filter(f -> f.severity() == Severity.WARNING)
                        .findFirst()
                        .map(Finding::message)
                        .orElse("none"));
        return folder;
    }

    private void apply(
            Folder manifest,
            ConnInfo source,
            ConnInfo target,
            EnumSet<Applier.Confirmation> confirmed)
            throws IOException {
        Applier.apply(
                manifest,
                new Applier.Options(
                        source,
                        target,
                        new Applier.Selection(Applier.Selection.Kind.ALL, 0),
                        false,
                        confirmed,
                        Applier.limits(GATE_TIMEOUT, 1024 * 1024),
                        terminal,
                        true,
                        false,
                        Applier.CopySettings.defaults()),
                out,
                err);
    }

    private void verify(ConnInfo source, ConnInfo target, long lastOldId) {
        check(
                scalar(target, "SELECT count(*) FROM public.orders WHERE id = " + lastOldId) == 1,
                "the last order written to the old cluster (id "
                        + lastOldId
                        + ") is on the new one");
        for (String t : TABLES) {
            String where = t.equals("public.orders") ? " WHERE id <= " + lastOldId : "";
            long s = scalar(source, "SELECT count(*) FROM " + t + where);
            long n = scalar(target, "SELECT count(*) FROM " + t + where);
            check(
                    s == n,
                    String.format(
                            "%-20s %6d rows on 13, %6d on 16%s",
                            t, s, n, where.isEmpty() ? "" : " (written before switchover)"));
        }
        long seqOld = scalar(source, "SELECT last_value FROM public.orders_id_seq");
        long seqNew = scalar(target, "SELECT last_value FROM public.orders_id_seq");
        check(
                seqNew > seqOld,
                "orders_id_seq on 16 (" + seqNew + ") is ahead of 13 (" + seqOld + ")");
    }

    private void report(Writer writer) {
        out.printf(
                "%n   write pause at switchover: %.0f ms (from the last write the old cluster accepted to the first"
                        + " the new one accepted, as the application saw it)%n",
                writer.writePauseMillis());
        out.printf(
                "   writes: %d on the old cluster, %d on the new one%n",
                writer.oldWrites(), writer.newWrites());
    }

    private void check(boolean ok, String what) {
        out.println((ok ? "   ok    " : "   FAIL  ") + what);
        out.flush();
        if (!ok) {
            failures.add(what);
        }
    }

    private static boolean await(ConnInfo c, String sql, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (scalar(c, sql + "") != 0) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static long count(ConnInfo c, String table) {
        return scalar(c, "SELECT count(*) FROM " + table);
    }

    /** One value: a number, or a boolean as 1/0. */
    private static long scalar(ConnInfo info, String sql) {
        try (Connection c = Database.connect(info);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            Object v = rs.getObject(1);
            return v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).longValue();
        } catch (SQLException e) {
            throw Database.failure("demo check", e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = Demo.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
