package dev.lrplan.rehearse;

import dev.lrplan.plan.Plan;
import dev.lrplan.plan.PlanLoader;
import dev.lrplan.plan.Replication;
import dev.lrplan.sandbox.EmbeddedCluster;
import dev.lrplan.sandbox.PgBinaries;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A dress rehearsal of the user's own plan: embedded clusters of the plan's two majors, the two
 * schema files loaded, generated rows (with edge values for each type change the diff found), the
 * plan compiled against them and every step applied while writers change every table, switchover
 * with the write pause measured, verification, a write on the new cluster that must reach the old
 * one, cleanup, and the fixed point: each cluster is again exactly what its schema file describes.
 */
public final class Rehearsal {
    private static final String DB = RehearsalRun.DB;

    /** Everything one rehearsal needs. */
    public record Options(
            Path plan,
            Path sourceSchema,
            Path targetSchema,
            String sourceMajor,
            String targetMajor,
            long rows,
            int writers,
            double rate,
            double writeSeconds,
            boolean keep,
            boolean fromLive,
            Path output,
            Map<String, String> env,
            PgBinaries binaries,
            String toolVersion) {}

    /** The outcome: the verdict's three renderings and whether it passed. */
    public record Outcome(boolean passed, String screen, String markdown, String json) {}

    private final Options o;
    private final PrintWriter out;
    private final StringWriter applyLog = new StringWriter();
    private final PrintWriter applyOut = new PrintWriter(applyLog, true);
    private Verdict verdict;

    private Rehearsal(Options o, PrintWriter out) {
        this.o = o;
        this.out = out;
    }

    public static Outcome run(Options o, PrintWriter out) throws IOException {
        return new Rehearsal(o, out).run();
    }

    private Outcome run() throws IOException {
        Files.createDirectories(o.output());
        Plan plan =
                PlanLoader.load(o.plan(), o.fromLive() ? o.env() : placeholders(o.plan(), o.env()));
        List<String> carried = new ArrayList<>();
        Inputs inputs = o.fromLive() ? Inputs.fromLive(o, plan, carried) : Inputs.resolve(o, plan);
        verdict = new Verdict(plan.name(), inputs.sourceMajor(), inputs.targetMajor());
        verdict.notRehearsed.addAll(carried);
        if (plan.replication().strategy() == Replication.Strategy.PGLOGICAL) {
            throw new RehearsalException(
                    "the pglogical strategy cannot be rehearsed on the embedded binaries: they lack"
                            + " the pglogical module. Rehearse a copy of the plan with replication.strategy:"
                            + " native, or test the pglogical path on clusters that have the module.");
        }
        if (plan.switchover().pgbouncer().isPresent()) {
            verdict.notRehearsed.add(
                    "switchover.pgbouncer: the rehearsal has no pgbouncer; its three steps are left out"
                            + " and the write pause is measured without it");
        }
        long t = System.nanoTime();
        progress(
                "starting embedded PostgreSQL "
                        + inputs.sourceMajor()
                        + " and "
                        + inputs.targetMajor());
        Map<String, String> settings =
                Map.of(
                        "wal_level",
                        "logical",
                        "max_wal_senders",
                        "20",
                        "max_replication_slots",
                        "20",
                        "max_logical_replication_workers",
                        "8");
        EmbeddedCluster oldCluster = null;
        EmbeddedCluster newCluster = null;
        try {
            try {
                oldCluster = EmbeddedCluster.start(o.binaries(), inputs.sourceMajor(), settings);
                newCluster = EmbeddedCluster.start(o.binaries(), inputs.targetMajor(), settings);
            } catch (RuntimeException e) {
                verdict.add("clusters", Verdict.Status.FAILED, secs(t), e.getMessage());
                return finish();
            }
            verdict.add(
                    "clusters",
                    Verdict.Status.OK,
                    secs(t),
                    "PostgreSQL "
                            + inputs.sourceMajor()
                            + " and "
                            + inputs.targetMajor()
                            + " started");
            new RehearsalRun(o, out, verdict, applyOut, plan, inputs, oldCluster, newCluster).go();
        } catch (RuntimeException | SQLException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            verdict.problems.add("the rehearsal stopped: " + e.getMessage());
            if (verdict.phases.stream().noneMatch(p -> p.status() == Verdict.Status.FAILED)) {
                verdict.add("rehearsal", Verdict.Status.FAILED, 0, e.getMessage());
            }
        } finally {
            if (o.keep()) {
                if (oldCluster != null && newCluster != null) {
                    oldCluster.keep();
                    newCluster.keep();
                    verdict.notRehearsed.add(
                            "kept running (--keep): old "
                                    + oldCluster.uri(DB)
                                    + ", new "
                                    + newCluster.uri(DB)
                                    + "; stop each with pg_ctl -D DIR stop as its owner ("
                                    + oldCluster.dataDirectory()
                                    + ", "
                                    + newCluster.dataDirectory()
                                    + ")");
                }
            } else {
                if (newCluster != null) {
                    newCluster.close();
                }
                if (oldCluster != null) {
                    oldCluster.close();
                }
            }
        }
        return finish();
    }

    private Outcome finish() throws IOException {
        Files.writeString(
                o.output().resolve("rehearsal.md"), verdict.markdown(), StandardCharsets.UTF_8);
        Files.writeString(
                o.output().resolve("rehearsal.json"), verdict.json(), StandardCharsets.UTF_8);
        Files.writeString(
                o.output().resolve("apply.log"), applyLog.toString(), StandardCharsets.UTF_8);
        return new Outcome(verdict.passed(), verdict.screen(), verdict.markdown(), verdict.json());
    }

    private void progress(String what) {
        out.println("rehearse: " + what);
        out.flush();
    }

    private static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** The schema files and majors, from the command line, the plan and the files' headers. */
    record Inputs(Path sourceSchema, Path targetSchema, String sourceMajor, String targetMajor) {
        /**
         * The schemas from the plan's own endpoints (live clusters or snapshots), written as
         * scripts by {@link CatalogScript}; {@code gaps} receives what those scripts cannot carry.
         */
        static Inputs fromLive(Options o, Plan plan, List<String> gaps) throws IOException {
            if (o.sourceSchema() != null || o.targetSchema() != null) {
                throw new RehearsalException(
                        "--from-live takes both schemas from the plan's source and target: leave out"
                                + " --source-schema and --target-schema");
            }
            var both =
                    dev.lrplan.pipeline.Inputs.loadBoth(
                            plan.source(),
                            plan.target(),
                            o.env(),
                            plan.switchover().sequenceMargin());
            Path source = o.output().resolve("source-from-live.sql");
            Path target = o.output().resolve("target-from-live.sql");
            CatalogScript s = CatalogScript.of(both.source().catalog());
            CatalogScript t = CatalogScript.of(both.target().catalog());
            Files.writeString(source, s.render(), StandardCharsets.UTF_8);
            Files.writeString(target, t.render(), StandardCharsets.UTF_8);
            gaps.add(
                    "--from-live: the schemas were written from lrplan's catalog queries, which do not"
                            + " carry "
                            + String.join(", ", CatalogScript.NEVER_CARRIED)
                            + "; rehearse with pg_dump --schema-only files to include them");
            s.gaps().forEach(g -> gaps.add("source: not carried: " + g));
            t.gaps().forEach(g -> gaps.add("target: not carried: " + g));
            String sm = o.sourceMajor() != null ? o.sourceMajor() : major(both.source().catalog());
            String tm = o.targetMajor() != null ? o.targetMajor() : major(both.target().catalog());
            return new Inputs(source, target, sm, tm);
        }

        private static String major(dev.lrplan.catalog.Catalog c) {
            int v =
                    c.serverInfo()
                            .orElseThrow(
                                    () ->
                                            new RehearsalException(
                                                    "the catalog does not say its server's version:"
                                                            + " give --source-version and --target-version"))
                            .versionNum();
            return v >= 100000 ? Integer.toString(v / 10000) : (v / 10000) + "." + (v / 100 % 100);
        }

        static Inputs resolve(Options o, Plan plan) throws IOException {
            Path source =
                    o.sourceSchema() != null ? o.sourceSchema() : plan.rehearse().sourceSchema();
            if (source == null) {
                throw new RehearsalException(
                        "rehearse needs the old cluster's schema: --source-schema FILE (the output of"
                                + " pg_dump --schema-only of the source database), or rehearse.source_schema in"
                                + " the plan, or --from-live");
            }
            Path target =
                    o.targetSchema() != null ? o.targetSchema() : plan.rehearse().targetSchema();
            if (target == null && plan.target().schemaFile() != null) {
                target = plan.target().schemaFile();
            }
            if (target == null) {
                throw new RehearsalException(
                        "rehearse needs the new cluster's schema: --target-schema FILE,"
                                + " rehearse.target_schema in the plan, or a plan whose target is a schema_file");
            }
            String sm = major(o.sourceMajor(), null, source, "--source-version");
            String tm =
                    major(
                            o.targetMajor(),
                            plan.target().version() == null
                                    ? null
                                    : plan.target().version().toString(),
                            target,
                            "--target-version");
            return new Inputs(source, target, sm, tm);
        }

        private static String major(String given, String fromPlan, Path file, String option)
                throws IOException {
            String m = given != null ? given : fromPlan;
            if (m == null) {
                m = dumpedFrom(Files.readString(file, StandardCharsets.UTF_8)).orElse(null);
            }
            if (m == null) {
                throw new RehearsalException(
                        file
                                + " does not say which PostgreSQL it was dumped from (pg_dump writes"
                                + " \"-- Dumped from database version 13.4\"): give the major with "
                                + option);
            }
            if (!PgBinaries.majors().contains(m)) {
                throw new RehearsalException(
                        "PostgreSQL "
                                + m
                                + " ("
                                + file
                                + "): the rehearsal runs "
                                + String.join(", ", PgBinaries.majors()));
            }
            return m;
        }
    }

    /**
     * The environment with a placeholder for each {@code ${VARIABLE}} the plan names and the
     * environment lacks: the rehearsal replaces both endpoints with its own clusters, so the
     * production connection strings need not be set where it runs.
     */
    static Map<String, String> placeholders(Path plan, Map<String, String> env) throws IOException {
        Map<String, String> out = new java.util.HashMap<>(env);
        var m =
                java.util.regex.Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}")
                        .matcher(Files.readString(plan, StandardCharsets.UTF_8));
        while (m.find()) {
            out.putIfAbsent(m.group(1), "dbname=lrplan_rehearsal_placeholder");
        }
        return out;
    }

    /** The major in a pg_dump header ("9.6" or "13"), if there is one. */
    static Optional<String> dumpedFrom(String sql) {
        var m =
                java.util.regex.Pattern.compile(
                                "(?m)^-- Dumped from database version (\\d+)(?:\\.(\\d+))?")
                        .matcher(sql);
        if (!m.find()) {
            return Optional.empty();
        }
        int major = Integer.parseInt(m.group(1));
        return Optional.of(major >= 10 ? Integer.toString(major) : major + "." + m.group(2));
    }
}
