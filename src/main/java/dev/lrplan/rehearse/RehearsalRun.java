package dev.lrplan.rehearse;

import dev.lrplan.apply.Applier;
import dev.lrplan.apply.ApplyOptions;
import dev.lrplan.apply.ApplyOutcome;
import dev.lrplan.apply.Confirmation;
import dev.lrplan.apply.CopySettings;
import dev.lrplan.apply.Folder;
import dev.lrplan.apply.StepSelection;
import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.db.ConnInfo;
import dev.lrplan.db.Database;
import dev.lrplan.diff.TableMove;
import dev.lrplan.finding.Severity;
import dev.lrplan.pipeline.CompilePipeline;
import dev.lrplan.plan.Endpoint;
import dev.lrplan.plan.Plan;
import dev.lrplan.plan.Switchover;
import dev.lrplan.plan.TableSelection;
import dev.lrplan.render.OutputFolder;
import dev.lrplan.render.Templates;
import dev.lrplan.sandbox.EmbeddedCluster;
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
 * One rehearsal on two started clusters, phase by phase: the schemas, generated data, the plan
 * compiled against the clusters, edge values, the sync under writers, switchover with the write
 * pause measured, verification, a write back through the rollback path, cleanup and the fixed
 * point. Each phase records its outcome in the verdict; the first that fails ends the run.
 */
final class RehearsalRun {
    static final String DB = "rehearsal";
    static final String EXPECTED_DB = "rehearsal_expected";
    private static final java.time.Duration GATE_TIMEOUT = java.time.Duration.ofSeconds(300);

    private final Rehearsal.Options o;
    private final PrintWriter out;
    private final Verdict verdict;
    private final PrintWriter applyOut;
    private final Plan plan;

    /** The plan's table selection by name: one lookup per table. */
    private final TableSelection.ByName selection;

    private final Rehearsal.Inputs inputs;
    private final EmbeddedCluster oldCluster;
    private final EmbeddedCluster newCluster;
    private final ConnInfo source;
    private final ConnInfo target;

    // What one phase leaves for the next.
    private long t;
    private SchemaLoad.Result src;
    private SchemaLoad.Result tgt;
    private Set<QualifiedName> lost;
    private Generator gen;
    private CompilePipeline.Result r;
    private Path folder;
    private List<Edges.Edge> edges;
    private Folder manifest;
    private Writers writers;
    private long lastOld;
    private Map<QualifiedName, long[]> counts;
    private List<String> behind;
    private QualifiedName probe;
    private String syncDetail;

    /** One phase: false when it failed and the run ends there. */
    private interface Phase {
        boolean run() throws IOException, SQLException, InterruptedException;
    }

    RehearsalRun(
            Rehearsal.Options o,
            PrintWriter out,
            Verdict verdict,
            PrintWriter applyOut,
            Plan plan,
            Rehearsal.Inputs inputs,
            EmbeddedCluster oldCluster,
            EmbeddedCluster newCluster) {
        this.o = o;
        this.out = out;
        this.verdict = verdict;
        this.applyOut = applyOut;
        this.plan = plan;
        this.selection = plan.tables().byName();
        this.inputs = inputs;
        this.oldCluster = oldCluster;
        this.newCluster = newCluster;
        this.source = ConnInfo.parse(oldCluster.uri(DB), Map.of());
        this.target = ConnInfo.parse(newCluster.uri(DB), Map.of());
    }

    /** The phases in order; each records its verdict, and a failed one ends the run. */
    void go() throws IOException, SQLException, InterruptedException {
        List<Phase> phases =
                List.of(
                        this::schemas,
                        this::data,
                        this::compile,
                        this::edgeValues,
                        this::sync,
                        this::switchover,
                        this::verification,
                        this::rollbackPath,
                        this::cleanup,
                        this::fixedPoint);
        for (Phase phase : phases) {
            if (!phase.run()) {
                return;
            }
        }
    }

    private boolean schemas() throws IOException, SQLException, InterruptedException {
        t = System.nanoTime();
        progress("loading the schemas");
        src = load(oldCluster, DB, inputs.sourceSchema());
        tgt = load(newCluster, DB, inputs.targetSchema());
        lost = new TreeSet<>(src.affectedTables());
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
            return false;
        }
        if (!lost.isEmpty()) {
            verdict.notRehearsed.add(
                    "tables the plan leaves out and the rehearsal could not create: "
                            + names(lost));
        }
        verdict.add("schemas", Verdict.Status.OK, secs(t), loaded);
        return true;
    }

    private boolean data() throws IOException, SQLException, InterruptedException {
        t = System.nanoTime();
        progress("generating " + o.rows() + " rows per table");
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
            return false;
        }
        verdict.add(
                "data",
                Verdict.Status.OK,
                secs(t),
                total
                        + " rows in "
                        + gen.order().size()
                        + " tables"
                        + (short_.isEmpty() ? "" : "; fewer rows where the schema refused some"));
        gen.unvalued()
                .forEach(
                        col ->
                                verdict.notRehearsed.add(
                                        "no generated values for "
                                                + col
                                                + ": it took its default or NULL"));
        short_.forEach(s -> verdict.notRehearsed.add("rows the generator could not write: " + s));
        return true;
    }

    private boolean compile() throws IOException, SQLException, InterruptedException {
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
        r =
                CompilePipeline.run(
                        rehearsed,
                        dev.lrplan.pipeline.Inputs.load(rehearsed.source(), Map.of()),
                        dev.lrplan.pipeline.Inputs.load(rehearsed.target(), Map.of()),
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
            return false;
        }
        folder = o.output().resolve("compiled");
        OutputFolder.write(folder, r.files());
        verdict.folder = folder.toString();
        long warnings =
                r.diff().findings().stream().filter(f -> f.severity() == Severity.WARNING).count();
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
        return true;
    }

    private boolean edgeValues() throws IOException, SQLException, InterruptedException {
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
        return true;
    }

    private boolean sync() throws IOException, SQLException, InterruptedException {
        t = System.nanoTime();
        progress("applying the steps while " + o.writers() + " writers change every table");
        manifest = Folder.read(folder);
        List<Shapes.Shape> written = new ArrayList<>();
        for (TableMove m : r.diff().tables()) {
            Shapes.Shape s = gen.shapes().tables.get(m.name());
            if (s != null) {
                written.add(s);
            }
        }
        writers = new Writers(source, gen, written, o.writers(), o.rate());
        writers.start();
        ApplyOutcome synced;
        try {
            synced = applyCatching(manifest, EnumSet.noneOf(Confirmation.class), edges, gen);
        } catch (RuntimeException e) {
            writers.stop();
            verdict.add("sync", Verdict.Status.FAILED, secs(t), e.getMessage());
            verdict.problems.add("apply log: " + o.output().resolve("apply.log"));
            return false;
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
            return false;
        }
        syncDetail = "every table synchronized, " + writers.summary();
        return true;
    }

    private boolean switchover() throws IOException, SQLException, InterruptedException {
        writers.stop();
        if (writers.failure() != null) {
            verdict.add(
                    "sync",
                    Verdict.Status.FAILED,
                    secs(t),
                    "a writer failed: " + writers.failure());
            return false;
        }
        verdict.add("sync", Verdict.Status.OK, secs(t), syncDetail);
        t = System.nanoTime();
        progress("switchover");
        lastOld = writers.lastCommitNanos();
        StringWriter pauseLog = new StringWriter();
        try {
            apply(
                    manifest,
                    EnumSet.of(Confirmation.WRITES_STOPPED, Confirmation.SWITCHOVER),
                    new PrintWriter(pauseLog, true));
        } catch (RuntimeException e) {
            verdict.add(
                    "switchover",
                    Verdict.Status.FAILED,
                    secs(t),
                    e.getMessage() + pauseShares(pauseLog.toString()));
            return false;
        } finally {
            applyOut.print(pauseLog);
            applyOut.flush();
        }
        counts = new LinkedHashMap<>();
        behind = new ArrayList<>();
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
        probe = null;
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
        return true;
    }

    private boolean verification() throws IOException, SQLException, InterruptedException {
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
        return true;
    }

    private boolean rollbackPath() throws IOException, SQLException, InterruptedException {
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
        return true;
    }

    private boolean cleanup() throws IOException, SQLException, InterruptedException {
        t = System.nanoTime();
        progress("cleanup");
        try {
            // With every word given, the way back (--going-back) runs too: its gate and its
            // sequences are rehearsed before the cleanup.
            apply(manifest, EnumSet.allOf(Confirmation.class));
            verdict.add(
                    "cleanup",
                    Verdict.Status.OK,
                    secs(t),
                    manifest.steps().stream().anyMatch(e -> e.goingBack())
                            ? "every step applied, the way back's included"
                            : "every step applied");
        } catch (RuntimeException e) {
            verdict.add("cleanup", Verdict.Status.FAILED, secs(t), e.getMessage());
            return false;
        }
        return true;
    }

    private boolean fixedPoint() throws IOException, SQLException, InterruptedException {
        t = System.nanoTime();
        progress("checking the fixed point");
        load(oldCluster, EXPECTED_DB, inputs.sourceSchema());
        load(newCluster, EXPECTED_DB, inputs.targetSchema());
        List<String> diffs = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (var pair : List.of(Map.entry(oldCluster, "old"), Map.entry(newCluster, "new"))) {
            try (Connection a = Database.connect(ConnInfo.parse(pair.getKey().uri(DB), Map.of()));
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
        return true;
    }

    /**
     * Apply until the next hold; a data check that stops on an edge value the rehearsal planted to
     * be caught is recorded as caught, the planted rows are removed, and apply goes on.
     */
    private ApplyOutcome applyCatching(
            Folder manifest, EnumSet<Confirmation> confirmed, List<Edges.Edge> edges, Generator gen)
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

    private ApplyOutcome apply(Folder manifest, Set<Confirmation> confirmed) throws IOException {
        return apply(manifest, confirmed, applyOut);
    }

    private ApplyOutcome apply(Folder manifest, Set<Confirmation> confirmed, PrintWriter log)
            throws IOException {
        return Applier.apply(
                manifest,
                new ApplyOptions(
                        source,
                        target,
                        new StepSelection(StepSelection.Kind.ALL, 0),
                        false,
                        confirmed,
                        Applier.limits(GATE_TIMEOUT, 1024 * 1024),
                        false,
                        true,
                        false,
                        CopySettings.defaults()),
                log,
                log);
    }

    /** Whether the plan would move this table, judged by its table selection. */
    private boolean replicated(QualifiedName q) {
        return selection.takes(q.schema(), q.display());
    }

    /**
     * The plan as the rehearsal runs it: both ends the rehearsal's live databases, no pgbouncer,
     * and no exclude entry for a table the rehearsal could not create (it would name a table that
     * does not exist).
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
                        Optional.empty(),
                        sw.readOnlyRoles());
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
                p.verify(),
                p.rehearse());
    }

    private void progress(String what) {
        out.println("rehearse: " + what);
        out.flush();
    }

    private static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    static SchemaLoad.Result load(EmbeddedCluster cluster, String db, Path file)
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
}
