package dev.lrplan.apply;

import dev.lrplan.contract.Cluster;
import dev.lrplan.contract.Gate;
import dev.lrplan.contract.Hold;
import dev.lrplan.contract.Manifest.Entry;
import dev.lrplan.contract.Runner;
import dev.lrplan.db.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Applies a compiled folder, step by step, exactly as reviewed: checks every file against the
 * manifest and both connections against the clusters it names, takes the plan's lock, then runs the
 * selected pending steps in order, recording each attempt in the {@link Ledger}. It stops at the
 * first failure, and before any step that needs the operator to confirm something (writes stopped,
 * rollback window over) unless that was confirmed.
 */
public final class Applier {
    private final Folder manifest;
    private final ApplyOptions options;

    /** What the operator confirmed: on the command line, or while apply waited. */
    private final Set<Confirmation> confirmed;

    /** What stops apply before a step, and the steps of the way back it skips. */
    private final Holds holds;

    private final PrintWriter out;
    private final PrintWriter err;

    private Applier(Folder manifest, ApplyOptions options, PrintWriter out, PrintWriter err) {
        this.manifest = manifest;
        this.options = options;
        this.confirmed = java.util.EnumSet.noneOf(Confirmation.class);
        this.confirmed.addAll(options.confirmed());
        this.holds = new Holds(manifest, options, confirmed);
        this.out = out;
        this.err = err;
    }

    public static Gates.Limits limits(java.time.Duration timeout, long maxLagBytes) {
        return new Gates.Limits(timeout, maxLagBytes);
    }

    public static ApplyOutcome apply(
            Folder manifest, ApplyOptions options, PrintWriter out, PrintWriter err)
            throws IOException {
        try {
            return new Applier(manifest, options, out, err).run();
        } finally {
            running = null;
        }
    }

    /** The step this process's apply is at (running it, or waiting before it); null when none. */
    private static volatile String running;

    public static String running() {
        return running;
    }

    private ApplyOutcome run() throws IOException {
        manifest.verifyFiles();
        Map<Integer, Script> scripts = new HashMap<>();
        for (Entry e : manifest.steps()) {
            if (e.execution().runner() == Runner.COPY) {
                // apply runs the copy itself; the script is the by-hand way, with psql.
                continue;
            }
            if (e.cluster() == Cluster.PGBOUNCER) {
                // Run line by line on the admin console (PgbouncerRunner), not split as SQL.
                pgbouncerScripts.put(
                        e.number(),
                        Files.readString(manifest.dir().resolve(e.file()), StandardCharsets.UTF_8));
                continue;
            }
            scripts.put(
                    e.number(),
                    Script.parse(
                            e.file(),
                            Files.readString(
                                    manifest.dir().resolve(e.file()), StandardCharsets.UTF_8)));
        }
        if (!options.quiet() && !options.json()) {
            out.printf(
                    "plan %s: %d steps in %s (manifest sha256 %s)%n",
                    manifest.planName(),
                    manifest.steps().size(),
                    manifest.dir(),
                    manifest.sha256());
        }
        Properties simple = new Properties();
        simple.setProperty("preferQueryMode", "simple");
        simple.setProperty("ApplicationName", "lrplan apply");
        try (Connection source = Database.connect(options.source(), simple);
                Connection target = Database.connect(options.target(), simple);
                Connection ledgerSession = Database.connect(options.target())) {
            ClusterCheck.verify(
                    Cluster.SOURCE, manifest.source(), source, options.source().describe());
            ClusterCheck.verify(
                    Cluster.TARGET, manifest.target(), target, options.target().describe());
            if (options.dryRun()) {
                return dryRun(Ledger.read(ledgerSession, manifest.planName()));
            }
            try (Ledger ledger = Ledger.open(ledgerSession, manifest.planName())) {
                if (options.resumeSubscription()) {
                    resumeSubscription(ledger, target);
                }
                return run(ledger, scripts, source, target);
            }
        } catch (SQLException e) {
            throw Database.failure("apply", e);
        }
    }

    private ApplyOutcome run(
            Ledger ledger, Map<Integer, Script> scripts, Connection source, Connection target)
            throws SQLException {
        Map<Integer, Ledger.Attempt> attempts = ledger.latest();
        List<Entry> selected = select(attempts);
        if (selected.isEmpty()) {
            out.println("nothing to do: every selected step has succeeded");
            return ApplyOutcome.NOTHING_PENDING;
        }
        Map<String, String> vars =
                Map.of(
                        "source_conninfo",
                        options.source().libpq(),
                        "target_conninfo",
                        options.target().libpq());
        Gates gates =
                new Gates(
                        manifest,
                        options.limits(),
                        new ProgressLine(out, options.terminal()),
                        flag -> options.again(manifest, flag));
        // Between a successful PAUSE and the re-point, a failure resumes the application on the old
        // cluster (pgbouncer), and says so.
        boolean paused =
                manifest.pgbouncer() != null
                        && succeeded(attempts, "pgbouncer-pause")
                        && !succeeded(attempts, "pgbouncer-repoint");
        // The same on the way back, where RESUME lets the application go on on the new cluster.
        boolean pausedBack =
                manifest.pgbouncer() != null
                        && succeeded(attempts, "back-pgbouncer-pause")
                        && !succeeded(attempts, "back-pgbouncer-repoint");
        if (manifest.pgbouncer() != null
                && succeeded(attempts, "pgbouncer-pause")
                && !succeeded(attempts, "pgbouncer-resume")
                && !confirmed.contains(Confirmation.WRITES_STOPPED)
                && bouncer().paused()) {
            confirmed.add(Confirmation.WRITES_STOPPED);
            out.println(
                    "pgbouncer's entry "
                            + manifest.pgbouncer().database()
                            + " is paused (pgbouncer-pause): the application's writes have stopped");
        }
        try {
            for (Entry e : selected) {
                if (!step(e, ledger, attempts, scripts, gates, vars, source, target)) {
                    return ApplyOutcome.HELD;
                }
                paused =
                        e.name().equals("pgbouncer-pause")
                                || (paused && !e.name().equals("pgbouncer-repoint"));
                pausedBack =
                        e.name().equals("back-pgbouncer-pause")
                                || (pausedBack && !e.name().equals("back-pgbouncer-repoint"));
            }
        } catch (RuntimeException | SQLException ex) {
            writableAgainAfterFailure(ledger, scripts, source);
            if (pausedBack) {
                bouncer().resume();
                ledger.action(
                        "pgbouncer-resume",
                        "RESUME after a failure on the way back, before the re-point: the application"
                                + " writes to the new cluster again");
                err.println(
                        "lrplan: resumed pgbouncer's entry "
                                + manifest.pgbouncer().database()
                                + " on the NEW cluster after the failure below: the application writes"
                                + " there again, and the rollback path goes on carrying its writes to the"
                                + " old cluster; fix the cause and go back again.");
                err.flush();
            }
            if (paused) {
                bouncer().resume();
                ledger.action(
                        "pgbouncer-resume",
                        "RESUME after a failure before the re-point: the application writes to the"
                                + " old cluster again");
                err.println(
                        "lrplan: resumed pgbouncer's entry "
                                + manifest.pgbouncer().database()
                                + " on the OLD cluster after the failure below: the application writes"
                                + " there again."
                                + (succeeded(ledger.latest(), "drop-subscription")
                                        ? " The forward subscription is already dropped: those writes"
                                                + " do not reach the new cluster; the switchover must start"
                                                + " over from a new sync."
                                        : " Replication to the new cluster goes on; fix the cause and"
                                                + " switch over again."));
                err.flush();
            }
            throw ex;
        }
        int last = selected.get(selected.size() - 1).number();
        if (!options.quiet()) {
            manifest.steps().stream()
                    .filter(s -> s.number() > last)
                    .findFirst()
                    .ifPresentOrElse(
                            n ->
                                    out.printf(
                                            "%nnext: %s (lrplan apply %s)%n",
                                            n.label(), manifest.dir()),
                            () -> out.printf("%nevery step has been applied%n"));
        }
        return ApplyOutcome.DONE;
    }

    private static boolean succeeded(Map<Integer, Ledger.Attempt> attempts, String step) {
        return attempts.values().stream()
                .anyMatch(a -> a.succeeded() && a.file().matches("[0-9]+-" + step + "\\..*"));
    }

    private PgbouncerRunner bouncer;
    private final Map<Integer, String> pgbouncerScripts = new HashMap<>();

    private PgbouncerRunner bouncer() {
        if (bouncer == null) {
            if (options.pgbouncer() == null) {
                throw ApplyException.usage(
                        "this folder switches over through pgbouncer: give its admin console with --plan"
                                + " (switchover.pgbouncer.admin) or --pgbouncer-url");
            }
            bouncer = new PgbouncerRunner(options.pgbouncer(), manifest.pgbouncer(), out);
        }
        return bouncer;
    }

    /** Runs one step; false when it is held for the operator. */
    private boolean step(
            Entry e,
            Ledger ledger,
            Map<Integer, Ledger.Attempt> attempts,
            Map<Integer, Script> scripts,
            Gates gates,
            Map<String, String> vars,
            Connection source,
            Connection target)
            throws SQLException {
        running = e.label();
        if (holds.skipped(e)) {
            ledger.skip(
                    e, "the rollback window closed without going back (--rollback-window-closed)");
            out.printf(
                    options.quiet()
                            ? "   skip  %-44s not going back%n"
                            : "%n== %s skipped: the rollback window closed without going back%n",
                    e.label());
            out.flush();
            return true;
        }
        if (!released(e, ledger)) {
            return false;
        }
        Ledger.Attempt previous = attempts.get(e.number());
        int resumeAt =
                previous != null && previous.sha256().equals(e.sha256()) && !e.rerunsFromStart()
                        ? previous.statementsDone()
                        : 0;
        PrintWriter shown = options.quiet() ? new PrintWriter(java.io.Writer.nullWriter()) : out;
        PrintWriter notices = options.quiet() ? shown : err;
        header(e, previous, resumeAt, shown);
        long started = System.nanoTime();
        // A step attempted before passed its gate then (the gate runs before the attempt is
        // recorded); its own statements may since have changed what the gate looks at
        // (drop-rollback-subscription disables the subscription first).
        boolean attempted = previous != null && previous.sha256().equals(e.sha256());
        if (e.gate() != Gate.NONE && !attempted) {
            gates.await(e.gate(), source, target);
        }
        long id = ledger.begin(e, resumeAt);
        if (e.cluster() == Cluster.PGBOUNCER) {
            try {
                bouncer().run(e.name(), e.file(), pgbouncerScripts.get(e.number()));
            } catch (RuntimeException ex) {
                ledger.finish(id, false, ex.getMessage());
                throw ex;
            }
            ledger.finish(id, true, null);
            if (e.name().equals("pgbouncer-pause")) {
                confirmed.add(Confirmation.WRITES_STOPPED);
                ledger.action(
                        "writes-stopped", "pgbouncer PAUSE " + manifest.pgbouncer().database());
            }
            done(e, started);
            return true;
        }
        if (e.execution().runner() != Runner.SCRIPT) {
            try {
                if (e.execution().runner() == Runner.COPY) {
                    copy(source, target);
                } else {
                    ParallelStatements.run(
                            scripts.get(e.number()),
                            target,
                            options.target(),
                            options.copy().jobs(),
                            shown);
                }
            } catch (RuntimeException | SQLException ex) {
                ledger.finish(id, false, ex.getMessage());
                throw ex instanceof SQLException sql
                        ? Database.failure(e.label(), sql)
                        : (RuntimeException) ex;
            }
            ledger.finish(id, true, null);
            done(e, started);
            return true;
        }
        Connection c = e.cluster() == Cluster.SOURCE ? source : target;
        boolean sameCluster = e.cluster() == Cluster.TARGET;
        PrintedSql printed = null;
        // Statements for the other cluster: the target's, or on the way back the source's.
        Cluster other = e.emitsTargetSql() ? Cluster.TARGET : Cluster.SOURCE;
        try {
            if (e.emitsSql()) {
                ClusterCheck.verify(
                        other,
                        other == Cluster.TARGET ? manifest.target() : manifest.source(),
                        other == Cluster.TARGET ? target : source,
                        (other == Cluster.TARGET ? options.target() : options.source()).describe());
                printed =
                        new PrintedSql(
                                e.file() + " (its output, on the " + other.label() + ")",
                                other == Cluster.TARGET ? target : source);
            }
            ScriptRunner runner = new ScriptRunner(c, shown, notices, vars);
            // Its progress would never be read: none is recorded.
            ScriptRunner.Progress progress =
                    e.rerunsFromStart()
                            ? done -> {}
                            : new ScriptRunner.Progress() {
                                @Override
                                public void committed(int done) {
                                    ledger.progress(id, done);
                                }

                                @Override
                                public boolean sameCluster() {
                                    return sameCluster;
                                }

                                @Override
                                public boolean recordInTransaction(Connection script, int done)
                                        throws SQLException {
                                    if (sameCluster) {
                                        ledger.progressOn(script, id, done);
                                    }
                                    return sameCluster;
                                }
                            };
            if (printed == null) {
                runner.run(scripts.get(e.number()), resumeAt, progress);
            } else {
                runner.run(scripts.get(e.number()), resumeAt, progress, printed);
                int ran = printed.finish();
                shown.printf(
                        "-- applied the %d statement(s) it printed on the %s%n",
                        ran, other.label());
                printed.show(shown, notices);
            }
        } catch (RuntimeException ex) {
            if (printed != null) {
                int ran = printed.abandon();
                shown.printf(
                        "-- %d statement(s) it printed ran on the %s before it stopped%n",
                        ran, other.label());
                printed.show(shown, notices);
            }
            ledger.finish(id, false, ex.getMessage());
            throw ex;
        }
        ledger.finish(id, true, null);
        if (e.name().equals("source-read-only")) {
            confirmed.add(Confirmation.WRITES_STOPPED);
            ledger.action(
                    "writes-stopped",
                    "the application's roles read-only on the source (source-read-only)");
        }
        done(e, started);
        return true;
    }

    /** The line that opens a step: where it runs, and whether it runs again. */
    private void header(Entry e, Ledger.Attempt previous, int resumeAt, PrintWriter shown) {
        shown.printf(
                "%n== %s on %s%s%n",
                e.label(),
                e.cluster() == Cluster.PGBOUNCER
                        ? "pgbouncer's admin console"
                        : "the " + e.cluster().label(),
                previous == null
                        ? ""
                        : resumeAt > 0
                                ? " (again, after the "
                                        + resumeAt
                                        + " statement(s) that completed in the last "
                                        + previous.outcome()
                                        + " attempt)"
                                : " (again; the last attempt "
                                        + (previous.succeeded()
                                                ? "succeeded"
                                                : previous.outcome().equals("failed")
                                                        ? "failed"
                                                        : "was interrupted")
                                        + ")");
        out.flush();
    }

    private void done(Entry e, long started) {
        out.printf(
                options.quiet() ? "   done  %-44s %.1f s%n" : "== %s succeeded in %.1f s%n",
                e.label(),
                (System.nanoTime() - started) / 1e9);
        out.flush();
    }

    /**
     * Whether the step may run now: true unless it waits for the operator's word, which apply asks
     * for at a terminal or awaits from the switchover trigger; false (and says so) when it is held.
     */
    private boolean released(Entry e, Ledger ledger) {
        String hold = holds.message(e);
        String when =
                e.hold() == Hold.SWITCHOVER
                        ? "you are ready for the switchover (lrplan pauses the application in"
                                + " pgbouncer)"
                        : "the application's writes to the source have stopped";
        if (hold != null
                && (e.hold() == Hold.WRITES_STOPPED || e.hold() == Hold.SWITCHOVER)
                && options.switchoverTrigger() == null
                && options.terminal()
                && !options.dryRun()
                && SwitchoverWait.ask(e.label(), "your word that " + when, out)) {
            confirmed.add(
                    e.hold() == Hold.SWITCHOVER
                            ? Confirmation.SWITCHOVER
                            : Confirmation.WRITES_STOPPED);
            ledger.action(e.hold().wire(), "confirmed at the terminal before " + e.label());
            hold = null;
        }
        if (hold != null
                && (e.hold() == Hold.WRITES_STOPPED || e.hold() == Hold.SWITCHOVER)
                && options.switchoverTrigger() != null) {
            String how = SwitchoverWait.await(options.switchoverTrigger(), e.label(), when, out);
            confirmed.add(
                    e.hold() == Hold.SWITCHOVER
                            ? Confirmation.SWITCHOVER
                            : Confirmation.WRITES_STOPPED);
            ledger.action(
                    e.hold().wire(),
                    "confirmed by " + how + " while apply waited before " + e.label());
            out.println(
                    (e.hold() == Hold.SWITCHOVER ? "switchover" : "writes stopped")
                            + " ("
                            + how
                            + "): switching over");
            hold = null;
        }
        if (hold != null) {
            out.println(
                    options.quiet()
                            ? "   hold  "
                                    + e.label()
                                    + " waits for the operator to confirm "
                                    + e.hold().option()
                            : hold);
            return false;
        }
        return true;
    }

    /**
     * After a failure inside the write pause before the point of no return, with the application's
     * roles made read-only by lrplan: make them writable again (the back-read-write step's
     * statements; that step stays pending, and RESET is harmless to repeat), so the application
     * goes on with the old cluster, and say so.
     */
    private void writableAgainAfterFailure(
            Ledger ledger, Map<Integer, Script> scripts, Connection source) {
        Map<Integer, Ledger.Attempt> now;
        try {
            now = ledger.latest();
        } catch (SQLException | RuntimeException e) {
            return;
        }
        if (!succeeded(now, "source-read-only") || succeeded(now, "drop-subscription")) {
            return;
        }
        Entry back =
                manifest.steps().stream()
                        .filter(s -> s.name().equals("back-read-write"))
                        .findFirst()
                        .orElse(null);
        if (back == null) {
            return;
        }
        try {
            new ScriptRunner(source, new PrintWriter(java.io.Writer.nullWriter()), err, Map.of())
                    .run(scripts.get(back.number()), 0, done -> {});
            ledger.action(
                    "source-read-write",
                    "the application's roles writable again on the source after a failure before"
                            + " the point of no return");
            err.println(
                    "lrplan: the application's roles may write on the OLD cluster again (their"
                            + " read-only setting reset) after the failure below; replication to the"
                            + " new cluster goes on: fix the cause and switch over again.");
        } catch (RuntimeException again) {
            err.println(
                    "lrplan: the application's roles are still read-only on the old cluster, and"
                            + " resetting them failed too: "
                            + again.getMessage()
                            + "; run "
                            + back.file()
                            + " with psql on the source");
        }
        err.flush();
    }

    private void copy(Connection source, Connection target) throws SQLException {
        SnapshotCopier.run(
                new SnapshotCopier.Settings(
                        options.source(),
                        options.target(),
                        manifest.planName(),
                        manifest.slot(),
                        manifest.publications(),
                        options.copy().jobs(),
                        options.copy().rangeBytes(),
                        options.copy().holdSeconds(),
                        options.terminal()),
                source,
                target,
                out);
    }

    /**
     * The remedy a gate offers for a subscription that disabled itself: enable it again, and say so
     * in the ledger.
     */
    private void resumeSubscription(Ledger ledger, Connection target) throws SQLException {
        if (manifest.strategy().equals("pglogical")) {
            throw ApplyException.usage(
                    "--resume-subscription resumes a native subscription; for pglogical, run SELECT"
                            + " pglogical.alter_subscription_enable("
                            + dev.lrplan.sql.Sql.literal(manifest.subscription())
                            + ") on the target");
        }
        try (java.sql.PreparedStatement ps =
                target.prepareStatement(ApplyQueries.sql("subscription_enabled.sql"))) {
            ps.setString(1, manifest.subscription());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ApplyException.usage(
                            "--resume-subscription: subscription "
                                    + manifest.subscription()
                                    + " does not exist on the target (has the subscription step run?)");
                }
                if (rs.getBoolean(1)) {
                    out.println(
                            "subscription "
                                    + manifest.subscription()
                                    + " is enabled already: nothing to resume");
                    return;
                }
            }
        }
        try (java.sql.Statement st = target.createStatement()) {
            st.execute(
                    "ALTER SUBSCRIPTION "
                            + dev.lrplan.sql.Sql.ident(manifest.subscription())
                            + " ENABLE");
        }
        ledger.action(
                "resume-subscription",
                "ALTER SUBSCRIPTION ENABLE after the subscription had disabled itself");
        out.println(
                "resumed subscription "
                        + manifest.subscription()
                        + " (recorded in lrplan.apply_ledger)");
    }

    /**
     * The pending steps the selection asks for, in order; refuses what would skip or repeat a step.
     */
    private List<Entry> select(Map<Integer, Ledger.Attempt> attempts) {
        for (Entry e : manifest.steps()) {
            Ledger.Attempt a = attempts.get(e.number());
            if (a != null && a.succeeded() && !a.sha256().equals(e.sha256())) {
                throw ApplyException.refused(
                        "step "
                                + e.label()
                                + " succeeded on "
                                + a.finishedAt()
                                + " with other bytes"
                                + " (SHA-256 "
                                + a.sha256()
                                + "): this folder was recompiled after it ran. Apply the folder that"
                                + " was applied, or start over on fresh clusters");
            }
        }
        List<Entry> pending =
                manifest.steps().stream()
                        .filter(
                                e ->
                                        attempts.get(e.number()) == null
                                                || !attempts.get(e.number()).done())
                        .toList();
        StepSelection sel = options.selection();
        return switch (sel.kind()) {
            case NEXT -> pending.isEmpty() ? List.of() : List.of(pending.get(0));
            case ALL -> pending;
            case THROUGH -> {
                manifest.step(sel.step());
                yield pending.stream().filter(e -> e.number() <= sel.step()).toList();
            }
            case ONLY -> {
                Entry e = manifest.step(sel.step());
                if (!pending.contains(e)) {
                    throw ApplyException.usage(
                            "step "
                                    + e.label()
                                    + " has already succeeded; a step is never run twice");
                }
                if (pending.get(0).number() < e.number()) {
                    throw ApplyException.usage(
                            "step "
                                    + pending.get(0).label()
                                    + " comes before "
                                    + e.label()
                                    + " and has not succeeded; run apply --through "
                                    + e.number());
                }
                yield List.of(e);
            }
        };
    }

    private ApplyOutcome dryRun(Map<Integer, Ledger.Attempt> attempts) {
        List<Entry> selected = select(attempts);
        DryRun.print(manifest, holds, selected, attempts, options.json(), out);
        return selected.isEmpty() ? ApplyOutcome.NOTHING_PENDING : ApplyOutcome.DONE;
    }

    static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
