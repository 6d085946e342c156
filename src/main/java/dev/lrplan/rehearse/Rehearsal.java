package dev.lrplan.rehearse;

import dev.lrplan.apply.Applier;
import dev.lrplan.apply.Folder;
import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.db.ConnInfo;
import dev.lrplan.db.Database;
import dev.lrplan.diff.TableMove;
import dev.lrplan.finding.Finding;
import dev.lrplan.finding.Severity;
import dev.lrplan.pipeline.CompilePipeline;
import dev.lrplan.plan.Endpoint;
import dev.lrplan.plan.Plan;
import dev.lrplan.plan.PlanLoader;
import dev.lrplan.plan.Replication;
import dev.lrplan.plan.Switchover;
import dev.lrplan.plan.TableSelection;
import dev.lrplan.render.OutputFolder;
import dev.lrplan.render.Templates;
import dev.lrplan.sandbox.EmbeddedCluster;
import dev.lrplan.sandbox.PgBinaries;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A dress rehearsal of the user's own plan: embedded clusters of the plan's two majors, the two
 * schema files loaded, generated rows (with edge values for each type change the diff found), the
 * plan compiled against them and every step applied while writers change every table, switchover
 * with the write pause measured, verification, a write on the new cluster that must reach the old
 * one, cleanup, and the fixed point: each cluster is again exactly what its schema file describes.
 */
public final class Rehearsal {
    private static final String DB = "rehearsal";
    private static final String EXPECTED_DB = "rehearsal_expected";
    private static final java.time.Duration GATE_TIMEOUT = java.time.Duration.ofSeconds(300);

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
            new Run(plan, inputs, oldCluster, newCluster).go();
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
            var both = dev.lrplan.pipeline.Inputs.loadBoth(plan.source(), plan.target(), o.env());
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
            Path source = o.sourceSchema();
            if (source == null) {
                throw new RehearsalException(
                        "rehearse needs the old cluster's schema: --source-schema FILE (the output of"
                                + " pg_dump --schema-only of the source database)");
            }
            Path target = o.targetSchema();
            if (target == null && plan.target().schemaFile() != null) {
                target = plan.target().schemaFile();
            }
            if (target == null) {
                throw new RehearsalException(
                        "rehearse needs the new cluster's schema: --target-schema FILE, or a plan whose"
                                + " target is a schema_file");
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

    /** One rehearsal on two started clusters. */
    private final class Run {
        private final Plan plan;
        private final Inputs inputs;
        private final EmbeddedCluster oldCluster;
        private final EmbeddedCluster newCluster;
        private final ConnInfo source;
        private final ConnInfo target;

        Run(Plan plan, Inputs inputs, EmbeddedCluster oldCluster, EmbeddedCluster newCluster) {
            this.plan = plan;
            this.inputs = inputs;
            this.oldCluster = oldCluster;
            this.newCluster = newCluster;
            this.source = ConnInfo.parse(oldCluster.uri(DB), Map.of());
            this.target = ConnInfo.parse(newCluster.uri(DB), Map.of());
        }

        void go() throws IOException, SQLException, InterruptedException {
            // ---- schemas
            long t = System.nanoTime();
            progress("loading the schemas");
            SchemaLoad.Result src = load(oldCluster, DB, inputs.sourceSchema());
            SchemaLoad.Result tgt = load(newCluster, DB, inputs.targetSchema());
            Set<QualifiedName> lost = new TreeSet<>(src.affectedTables());
            lost.addAll(tgt.affectedTables());
            for (var r : concat(src.refused(), tgt.refused())) {
                verdict.notRehearsed.add(
                        r.where().file()
                                + ":"
                                + r.where().line()
                                + ":"
                                + r.where().column()
                                + ": "
                                + r.kind()
                                + " refused"
                                + (r.table() != null ? " (table " + r.table().display() + ")" : "")
                                + ": "
                                + r.where().message());
            }
            Set<QualifiedName> needed = new TreeSet<>();
            for (QualifiedName q : lost) {
                if (replicated(q)) {
                    needed.add(q);
                }
            }
            String loaded =
                    String.format(
                            "%d + %d statements, %d refused%s",
                            src.statements(),
                            tgt.statements(),
                            src.refused().size() + tgt.refused().size(),
                            src.missingExtensions().isEmpty() && tgt.missingExtensions().isEmpty()
                                    ? ""
                                    : "; extensions the embedded binaries lack: "
                                            + String.join(
                                                    ", ",
                                                    union(
                                                            src.missingExtensions(),
                                                            tgt.missingExtensions())));
            if (!needed.isEmpty()) {
                verdict.add(
                        "schemas",
                        Verdict.Status.FAILED,
                        secs(t),
                        loaded
                                + "; the plan moves tables the rehearsal could not create: "
                                + names(needed)
                                + " (add them to tables.exclude to rehearse without them)");
                return;
            }
            if (!lost.isEmpty()) {
                verdict.notRehearsed.add(
                        "tables the plan leaves out and the rehearsal could not create: "
                                + names(lost));
            }
            verdict.add("schemas", Verdict.Status.OK, secs(t), loaded);

            // ---- data
            t = System.nanoTime();
            progress("generating " + o.rows() + " rows per table");
            Generator gen;
            long total = 0;
            List<String> short_ = new ArrayList<>();
            List<String> exhausted = new ArrayList<>();
            try (Connection c = Database.connect(source)) {
                gen = new Generator(Shapes.read(c));
                for (QualifiedName q : gen.order()) {
                    Generator.Filled f = gen.fill(c, q, 1, o.rows());
                    total += f.rows();
                    if (f.firstRefusal() != null
                            && f.firstRefusal().contains("reached maximum value of sequence")) {
                        exhausted.add(
                                q.display() + ": " + f.rows() + " rows, then " + f.firstRefusal());
                    }
                    if (f.refused() > 0 || f.rows() < o.rows()) {
                        short_.add(
                                q.display()
                                        + ": "
                                        + f.rows()
                                        + " of "
                                        + o.rows()
                                        + (f.firstRefusal() == null
                                                ? ""
                                                : " (" + f.firstRefusal() + ")"));
                    }
                }
                try (Statement st = c.createStatement()) {
                    st.execute("ANALYZE");
                }
            }
            if (!exhausted.isEmpty()) {
                verdict.problems.addAll(exhausted);
                verdict.add(
                        "data",
                        Verdict.Status.FAILED,
                        secs(t),
                        "a sequence ran out under "
                                + o.rows()
                                + " rows per table: "
                                + exhausted.get(0)
                                + " (widen it, e.g. ALTER SEQUENCE … AS bigint with a bigint column, before the upgrade)");
                return;
            }
            verdict.add(
                    "data",
                    Verdict.Status.OK,
                    secs(t),
                    total
                            + " rows in "
                            + gen.order().size()
                            + " tables"
                            + (short_.isEmpty()
                                    ? ""
                                    : "; fewer rows where the schema refused some"));
            short_.forEach(
                    s -> verdict.notRehearsed.add("rows the generator could not write: " + s));

            // ---- compile
            t = System.nanoTime();
            progress("compiling the plan against the rehearsal clusters");
            // An exclude entry for a table the refused statements took away, or (when an extension
            // was refused) one the schema file does not create at all (an extension's own table,
            // such as PostGIS's spatial_ref_sys), would name a table the rehearsal does not have.
            Set<String> gone = new TreeSet<>();
            lost.forEach(q -> gone.add(q.display()));
            if (!src.missingExtensions().isEmpty()) {
                Set<String> present = new TreeSet<>();
                gen.shapes().tables.keySet().forEach(q -> present.add(q.display()));
                for (String x : plan.tables().exclude()) {
                    if (!present.contains(x) && gone.add(x)) {
                        verdict.notRehearsed.add(
                                "tables.exclude names "
                                        + x
                                        + ", which the rehearsal does not have (the refused extension may own it)");
                    }
                }
            }
            Plan rehearsed = rehearsable(plan, gone);
            CompilePipeline.Result r =
                    CompilePipeline.run(
                            rehearsed,
                            Inputs2.load(rehearsed.source(), Map.of()),
                            Inputs2.load(rehearsed.target(), Map.of()),
                            Templates.builtIn(),
                            o.toolVersion());
            if (r.diff().unsafe()) {
                List<String> errors =
                        r.diff().findings().stream()
                                .filter(f -> f.severity() == Severity.ERROR)
                                .map(f -> f.code() + " " + f.subject() + ": " + f.message())
                                .toList();
                verdict.problems.addAll(errors);
                verdict.add(
                        "compile",
                        Verdict.Status.FAILED,
                        secs(t),
                        errors.size() + " blocking finding(s): " + errors.get(0));
                return;
            }
            Path folder = o.output().resolve("compiled");
            OutputFolder.write(folder, r.files());
            verdict.folder = folder.toString();
            long warnings =
                    r.diff().findings().stream()
                            .filter(f -> f.severity() == Severity.WARNING)
                            .count();
            verdict.add(
                    "compile",
                    Verdict.Status.OK,
                    secs(t),
                    r.compiled().steps().size()
                            + " steps, "
                            + r.diff().tables().size()
                            + " tables, "
                            + warnings
                            + " warning(s)");

            // ---- edge values
            List<Edges.Edge> edges;
            try (Connection c = Database.connect(source)) {
                edges = Edges.plant(c, gen, r.diff(), o.rows(), gen.order());
            }
            for (Edges.Edge e : edges) {
                if (!e.planted()) {
                    verdict.notRehearsed.add(
                            "edge value not planted: "
                                    + e.describe()
                                    + (e.refusal() == null ? "" : ": " + e.refusal()));
                }
            }

            // ---- sync
            t = System.nanoTime();
            progress("applying the steps while " + o.writers() + " writers change every table");
            Folder manifest = Folder.read(folder);
            List<Shapes.Shape> written = new ArrayList<>();
            for (TableMove m : r.diff().tables()) {
                Shapes.Shape s = gen.shapes().tables.get(m.name());
                if (s != null) {
                    written.add(s);
                }
            }
            Writers writers = new Writers(source, gen, written, o.writers(), o.rate());
            writers.start();
            Applier.Outcome synced;
            try {
                synced =
                        applyCatching(
                                manifest, EnumSet.noneOf(Applier.Confirmation.class), edges, gen);
            } catch (RuntimeException e) {
                writers.stop();
                verdict.add("sync", Verdict.Status.FAILED, secs(t), e.getMessage());
                verdict.problems.add("apply log: " + o.output().resolve("apply.log"));
                return;
            }
            // The writers go on at least --write-seconds, so the stream carries their changes
            // after the initial copy (the copy of small tables ends at once).
            long wanted = (long) (o.writeSeconds() * 1e9) - (System.nanoTime() - t);
            if (wanted > 0 && writers.failure() == null) {
                Thread.sleep(wanted / 1_000_000);
            }
            if (writers.failure() != null) {
                writers.stop();
                verdict.add(
                        "sync",
                        Verdict.Status.FAILED,
                        secs(t),
                        "a writer failed: " + writers.failure());
                return;
            }
            String syncDetail = "every table synchronized, " + writers.summary();

            // ---- switchover
            writers.stop();
            if (writers.failure() != null) {
                verdict.add(
                        "sync",
                        Verdict.Status.FAILED,
                        secs(t),
                        "a writer failed: " + writers.failure());
                return;
            }
            verdict.add("sync", Verdict.Status.OK, secs(t), syncDetail);
            t = System.nanoTime();
            progress("switchover");
            long lastOld = writers.lastCommitNanos();
            StringWriter pauseLog = new StringWriter();
            try {
                apply(
                        manifest,
                        EnumSet.of(
                                Applier.Confirmation.WRITES_STOPPED,
                                Applier.Confirmation.SWITCHOVER),
                        new PrintWriter(pauseLog, true));
            } catch (RuntimeException e) {
                verdict.add(
                        "switchover",
                        Verdict.Status.FAILED,
                        secs(t),
                        e.getMessage() + pauseShares(pauseLog.toString()));
                return;
            } finally {
                applyOut.print(pauseLog);
                applyOut.flush();
            }
            Map<QualifiedName, long[]> counts = new LinkedHashMap<>();
            List<String> behind = new ArrayList<>();
            try (Connection s = Database.connect(source);
                    Connection n = Database.connect(target)) {
                for (TableMove m : r.diff().tables()) {
                    counts.put(m.name(), new long[] {count(s, m.name()), count(n, m.name())});
                }
                // Every sequence the plan carries over is ahead on the new cluster.
                for (var q : r.diff().sequences()) {
                    long was = lastValue(s, q.source().name());
                    long now = lastValue(n, q.target().name());
                    if (now < was) {
                        behind.add(
                                "sequence "
                                        + q.target().name().display()
                                        + " is at "
                                        + now
                                        + " on the new cluster, behind "
                                        + was
                                        + " on the old one");
                    }
                }
            }
            // The application's first write on the new cluster ends the pause.
            Generator newGen;
            QualifiedName probe = null;
            try (Connection n = Database.connect(target)) {
                newGen = new Generator(Shapes.read(n));
                for (TableMove m : r.diff().tables()) {
                    if (!r.diff().rollbackExcluded().contains(m.name())
                            && newGen.shapes().tables.containsKey(m.name())) {
                        try {
                            newGen.fill(n, m.name(), 2_000_000_001L, 2_000_000_001L);
                            probe = m.name();
                            break;
                        } catch (SQLException e) {
                            verdict.notRehearsed.add(
                                    "a write on the new cluster into "
                                            + m.name().display()
                                            + " failed: "
                                            + e.getMessage());
                        }
                    }
                }
            }
            long firstNew = System.nanoTime();
            verdict.pauseSeconds = lastOld == 0 ? null : (firstNew - lastOld) / 1e9;
            verdict.add(
                    "switchover",
                    Verdict.Status.OK,
                    secs(t),
                    "the application may write on "
                            + inputs.targetMajor()
                            + pauseShares(pauseLog.toString()));

            // ---- verification
            t = System.nanoTime();
            List<String> differ = new ArrayList<>();
            long moved = 0;
            for (var e : counts.entrySet()) {
                moved += e.getValue()[1];
                if (e.getValue()[0] != e.getValue()[1]) {
                    differ.add(
                            e.getKey().display()
                                    + " "
                                    + e.getValue()[0]
                                    + " rows on the old cluster, "
                                    + e.getValue()[1]
                                    + " on the new");
                }
            }
            verdict.rowsMoved = moved;
            differ.addAll(behind);
            if (differ.isEmpty()) {
                verdict.add(
                        "verification",
                        Verdict.Status.OK,
                        secs(t),
                        counts.size()
                                + " tables, row counts equal; "
                                + r.diff().sequences().size()
                                + " sequences ahead on the new cluster; verify-data compared checksums");
            } else {
                verdict.problems.addAll(differ);
                verdict.add("verification", Verdict.Status.FAILED, secs(t), differ.get(0));
            }

            // ---- rollback path
            t = System.nanoTime();
            if (!plan.rollback().enabled()) {
                verdict.add("rollback", Verdict.Status.SKIPPED, 0, "rollback.enabled is false");
            } else if (probe == null) {
                verdict.add(
                        "rollback",
                        Verdict.Status.FAILED,
                        secs(t),
                        "no table took a write on the new cluster");
            } else {
                boolean arrived = false;
                long deadline = System.nanoTime() + 60_000_000_000L;
                try (Connection s = Database.connect(source);
                        Connection n = Database.connect(target)) {
                    while (System.nanoTime() < deadline) {
                        if (count(s, probe) == count(n, probe)) {
                            arrived = true;
                            break;
                        }
                        Thread.sleep(50);
                    }
                }
                verdict.add(
                        "rollback",
                        arrived ? Verdict.Status.OK : Verdict.Status.FAILED,
                        secs(t),
                        arrived
                                ? "a write on "
                                        + inputs.targetMajor()
                                        + " into "
                                        + probe.display()
                                        + " arrived on "
                                        + inputs.sourceMajor()
                                : "a write on the new cluster into "
                                        + probe.display()
                                        + " did not reach the old one within 60 s");
            }

            // ---- cleanup
            t = System.nanoTime();
            progress("cleanup");
            try {
                apply(manifest, EnumSet.allOf(Applier.Confirmation.class));
                verdict.add("cleanup", Verdict.Status.OK, secs(t), "every step applied");
            } catch (RuntimeException e) {
                verdict.add("cleanup", Verdict.Status.FAILED, secs(t), e.getMessage());
                return;
            }

            // ---- fixed point
            t = System.nanoTime();
            progress("checking the fixed point");
            load(oldCluster, EXPECTED_DB, inputs.sourceSchema());
            load(newCluster, EXPECTED_DB, inputs.targetSchema());
            List<String> diffs = new ArrayList<>();
            List<String> kept = new ArrayList<>();
            for (var pair : List.of(Map.entry(oldCluster, "old"), Map.entry(newCluster, "new"))) {
                try (Connection a =
                                Database.connect(ConnInfo.parse(pair.getKey().uri(DB), Map.of()));
                        Connection e =
                                Database.connect(
                                        ConnInfo.parse(pair.getKey().uri(EXPECTED_DB), Map.of()))) {
                    FixedPoint.Result fp = FixedPoint.compare(a, e);
                    fp.differences().forEach(d -> diffs.add(pair.getValue() + " cluster: " + d));
                    fp.kept().forEach(d -> kept.add(pair.getValue() + " cluster: " + d));
                }
            }
            verdict.problems.addAll(diffs);
            verdict.add(
                    "fixed point",
                    diffs.isEmpty() ? Verdict.Status.OK : Verdict.Status.FAILED,
                    secs(t),
                    diffs.isEmpty()
                            ? "both clusters are what their schema files describe"
                                    + (kept.isEmpty()
                                            ? ""
                                            : "; kept by design: " + String.join(", ", kept))
                            : diffs.size() + " difference(s): " + diffs.get(0));
        }

        /**
         * Apply until the next hold; a data check that stops on an edge value the rehearsal planted
         * to be caught is recorded as caught, the planted rows are removed, and apply goes on.
         */
        private Applier.Outcome applyCatching(
                Folder manifest,
                EnumSet<Applier.Confirmation> confirmed,
                List<Edges.Edge> edges,
                Generator gen)
                throws IOException, SQLException {
            for (int attempt = 0; ; attempt++) {
                try {
                    return apply(manifest, confirmed);
                } catch (RuntimeException e) {
                    List<Edges.Edge> planted =
                            edges.stream()
                                    .filter(x -> x.planted() && x.expectCaught() && !x.removed())
                                    .toList();
                    String msg = String.valueOf(e.getMessage());
                    if (planted.isEmpty() || attempt > 2 || !msg.contains("data-checks")) {
                        throw e;
                    }
                    verdict.caught.add(
                            "data-checks stopped on the planted "
                                    + few(planted.stream().map(Edges.Edge::describe).toList())
                                    + ": "
                                    + firstLine(msg));
                    try (Connection c = Database.connect(source)) {
                        for (Edges.Edge x : planted) {
                            x.remove(c);
                        }
                    }
                }
            }
        }

        private Applier.Outcome apply(Folder manifest, Set<Applier.Confirmation> confirmed)
                throws IOException {
            return apply(manifest, confirmed, applyOut);
        }

        private Applier.Outcome apply(
                Folder manifest, Set<Applier.Confirmation> confirmed, PrintWriter log)
                throws IOException {
            return Applier.apply(
                    manifest,
                    new Applier.Options(
                            source,
                            target,
                            new Applier.Selection(Applier.Selection.Kind.ALL, 0),
                            false,
                            confirmed,
                            Applier.limits(GATE_TIMEOUT, 1024 * 1024),
                            false,
                            true,
                            false,
                            Applier.CopySettings.defaults()),
                    log,
                    log);
        }

        /** Whether the plan would move this table, judged by its table selection. */
        private boolean replicated(QualifiedName q) {
            TableSelection s = plan.tables();
            if (!s.schemas().contains(q.schema())) {
                return false;
            }
            if (s.exclude().contains(q.display())) {
                return false;
            }
            return s.include().isEmpty() || s.include().contains(q.display());
        }

        /**
         * The plan as the rehearsal runs it: both ends the rehearsal's live databases, no
         * pgbouncer, and no exclude entry for a table the rehearsal could not create (it would name
         * a table that does not exist).
         */
        private Plan rehearsable(Plan p, Set<String> gone) {
            TableSelection s = p.tables();
            List<String> exclude = s.exclude().stream().filter(x -> !gone.contains(x)).toList();
            TableSelection sel =
                    new TableSelection(
                            s.schemas(),
                            s.owner(),
                            s.include(),
                            exclude,
                            s.includeExtensionTables(),
                            s.requireAll(),
                            s.withoutPrimaryKey(),
                            s.targetRows(),
                            s.withoutPrimaryKeyPerTable());
            Switchover sw = p.switchover();
            Switchover noBouncer =
                    new Switchover(
                            sw.sequences(),
                            sw.sequenceMargin(),
                            sw.analyze(),
                            sw.vacuum(),
                            sw.refreshMaterializedViews(),
                            Optional.empty());
            return new Plan(
                    p.file(),
                    p.name(),
                    new Endpoint(source.libpq(), List.of(), null, null, null),
                    new Endpoint(target.libpq(), List.of(), null, null, null),
                    p.replication(),
                    sel,
                    p.drift(),
                    noBouncer,
                    p.rollback(),
                    p.monitoring(),
                    p.lockTimeout(),
                    p.extraSteps(),
                    p.verify());
        }
    }

    private SchemaLoad.Result load(EmbeddedCluster cluster, String db, Path file)
            throws IOException, SQLException {
        try (Connection c = Database.connect(ConnInfo.parse(cluster.uri("postgres"), Map.of()));
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        }
        try (Connection c = Database.connect(ConnInfo.parse(cluster.uri(db), Map.of()))) {
            return SchemaLoad.run(
                    c, Files.readString(file, StandardCharsets.UTF_8), file.toString());
        }
    }

    private static long count(Connection c, QualifiedName t) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM " + Generator.qualified(t))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static final java.util.regex.Pattern STEP_DONE =
            java.util.regex.Pattern.compile(
                    "(?m)^\\s+done\\s+\\d+\\s+\\d+-(\\S+)\\.\\w+\\.sql\\s+([0-9.]+) s$");

    /** The slowest steps apply reported in the pause, for the verdict: "; in the pause: …". */
    static String pauseShares(String log) {
        var m = STEP_DONE.matcher(log);
        List<Map.Entry<String, Double>> steps = new ArrayList<>();
        while (m.find()) {
            steps.add(Map.entry(m.group(1), Double.parseDouble(m.group(2))));
        }
        List<String> top =
                steps.stream()
                        .filter(e -> e.getValue() >= 0.1)
                        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                        .limit(3)
                        .map(e -> e.getKey() + " " + e.getValue() + " s")
                        .toList();
        return top.isEmpty() ? "" : "; slowest steps in the pause: " + String.join(", ", top);
    }

    private static long lastValue(Connection c, QualifiedName seq) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT last_value FROM " + Generator.qualified(seq))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Up to three items, then how many more. */
    static String few(List<String> items) {
        String head = String.join("; ", items.subList(0, Math.min(3, items.size())));
        return items.size() <= 3 ? head : head + "; and " + (items.size() - 3) + " more";
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse(s);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return out;
    }

    private static String names(Set<QualifiedName> q) {
        return String.join(", ", q.stream().map(QualifiedName::display).toList());
    }

    /** The compile pipeline's input loader, named apart from this class's own Inputs. */
    private static final class Inputs2 {
        static dev.lrplan.pipeline.LoadedCatalog load(Endpoint e, Map<String, String> env) {
            return dev.lrplan.pipeline.Inputs.load(e, env);
        }
    }

    /** A finding's line, for messages. */
    static String line(Finding f) {
        return f.code() + " " + f.subject() + ": " + f.message();
    }
}
