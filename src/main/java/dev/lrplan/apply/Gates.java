package dev.lrplan.apply;

import dev.lrplan.contract.Gate;
import dev.lrplan.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The waits between steps: for the initial sync to finish, for the slot's lag to fall under a
 * threshold, and for the target to confirm the source's final WAL position. A gate only reads; it
 * polls five times a second, shows its progress, and says clearly when it gives up.
 */
final class Gates {
    /** Short, because the final-LSN wait is part of the application's write pause at switchover. */
    private static final long POLL_MILLIS = 200;

    private static final long PAUSE_POLL_MILLIS = 5;

    /** How long a gate waits, and the lag it accepts. */
    record Limits(Duration timeout, long maxLagBytes) {}

    private final Folder manifest;
    private final Limits limits;
    private final ProgressLine progress;

    /** With hints that name the folder and leave the plan to the operator. */
    Gates(Folder manifest, Limits limits, ProgressLine progress) {
        this(
                manifest,
                limits,
                progress,
                flag -> "lrplan apply " + manifest.dir() + " --plan PLAN " + flag);
    }

    Gates(
            Folder manifest,
            Limits limits,
            ProgressLine progress,
            java.util.function.UnaryOperator<String> again) {
        this.manifest = manifest;
        this.limits = limits;
        this.progress = progress;
        this.again = again;
    }

    /** The command that ran apply, with one more flag: hints that run as printed. */
    private final java.util.function.UnaryOperator<String> again;

    void await(Gate gate, Connection source, Connection target) {
        try {
            switch (gate) {
                case SYNC -> sync(source, target);
                case LAG -> lag(source, target);
                case FINAL_LSN -> finalLsn(source, target);
                case STAGE -> stage(source, target);
                case ROLLBACK_LAG -> rollbackLag(source, target);
                case BACK_FINAL_LSN -> backFinalLsn(source, target);
                case NONE -> {}
            }
        } catch (SQLException e) {
            throw Database.failure("gate " + gate.wire(), e);
        }
    }

    private void sync(Connection source, Connection target) throws SQLException {
        if (manifest.strategy().equals("pglogical")) {
            pglogicalSync(target);
            return;
        }
        long start = System.nanoTime();
        firstLeft = -1;
        SubscriptionHealth health = new SubscriptionHealth(manifest, again, target);
        String sql = ApplyQueries.sql("gate_sync", versionNum(target), 100000, 150000);
        while (true) {
            health.check("initial sync");
            long ready;
            long copying;
            long total;
            String notReady;
            Long errors;
            try (PreparedStatement ps = target.prepareStatement(sql)) {
                ps.setString(1, manifest.subscription());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw ApplyException.failed(
                                "gate sync: subscription "
                                        + manifest.subscription()
                                        + " does not exist on the target",
                                null);
                    }
                    ready = rs.getLong(1);
                    copying = rs.getLong(2);
                    total = rs.getLong(3);
                    notReady = rs.getString(4);
                    errors = rs.getObject(6) == null ? null : rs.getLong(6);
                }
            }
            String text =
                    ready
                            + "/"
                            + total
                            + " tables ready, "
                            + copying
                            + " copying"
                            + copied(source, target, start)
                            + (errors == null || errors == 0
                                    ? ""
                                    : ", " + errors + " error(s) (see the target's log)")
                            + ", "
                            + elapsed(start);
            if (total > 0 && ready == total) {
                progress.done("initial sync", text);
                return;
            }
            progress.show("initial sync", total == 0 ? 0 : (double) ready / total, text);
            timeout(start, "initial sync", text + "; not ready: " + notReady);
        }
    }

    /** Bytes left to copy at the first look, for the rate. */
    private long firstLeft = -1;

    /**
     * How far the copy of the tables still copying has come: the bytes their relations hold on the
     * target, of the same tables' size on the source (a relation's size is about the same on both
     * sides), how fast what is left shrinks, and the time left at that rate. Empty when nothing is
     * being copied or the sizes cannot be read.
     */
    private String copied(Connection source, Connection target, long start) {
        try {
            java.sql.Array names;
            long bytes;
            try (PreparedStatement ps =
                    target.prepareStatement(ApplyQueries.sql("copy_bytes.sql"))) {
                ps.setString(1, manifest.subscription());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return "";
                    }
                    names = rs.getArray(1);
                    bytes = rs.getLong(2);
                }
            }
            String[] tables = (String[]) names.getArray();
            if (tables.length == 0) {
                return "";
            }
            long whole;
            try (PreparedStatement ps =
                    source.prepareStatement(ApplyQueries.sql("source_bytes.sql"))) {
                ps.setArray(1, source.createArrayOf("text", tables));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    whole = rs.getLong(1);
                }
            }
            // What is left to copy shrinks as bytes arrive and as tables finish (and leave the
            // tables still copying): the rate is how fast it shrank since the first look.
            long left = Math.max(0, whole - bytes);
            firstLeft = firstLeft < 0 ? left : firstLeft;
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = seconds > 1 ? (firstLeft - left) / seconds : 0;
            StringBuilder b = new StringBuilder(" (").append(bytes(bytes));
            if (whole > 0) {
                b.append(" of ").append(bytes(whole));
            }
            if (rate > 0) {
                b.append(", ").append(bytes((long) rate)).append("/s");
                if (left > 0) {
                    b.append(", about ").append(Math.round(left / rate)).append(" s left");
                }
            }
            return b.append(')').toString();
        } catch (SQLException e) {
            return ""; // only a measure: the gate goes on without it
        }
    }

    /** pglogical's initial sync: every table of the subscription in sync state 'r'. */
    private void pglogicalSync(Connection target) throws SQLException {
        long start = System.nanoTime();
        SubscriptionHealth health = new SubscriptionHealth(manifest, again, target);
        while (true) {
            health.check("initial sync");
            try (PreparedStatement ps =
                            target.prepareStatement(ApplyQueries.sql("pglogical_sync.sql"));
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                long ready = rs.getLong(1);
                long total = rs.getLong(2);
                String text = ready + "/" + total + " tables ready, " + elapsed(start);
                if (total > 0 && ready == total) {
                    progress.done("initial sync", text);
                    return;
                }
                progress.show("initial sync", total == 0 ? 0 : (double) ready / total, text);
                timeout(start, "initial sync", text + "; not ready: " + rs.getString(3));
            }
        }
    }

    /**
     * Staged addition: the tables added so far are ready, and the plan's interval has passed since
     * this gate began.
     */
    private void stage(Connection source, Connection target) throws SQLException {
        long start = System.nanoTime();
        sync(source, target);
        long wait = manifest.stageIntervalSeconds() * 1_000_000_000L - (System.nanoTime() - start);
        while (wait > 0) {
            progress.show(
                    "stage interval", -1, "next stage in " + (wait / 1_000_000_000L + 1) + " s");
            try {
                Thread.sleep(Math.min(wait / 1_000_000L + 1, 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApplyException.failed("interrupted while waiting between stages", e);
            }
            wait = manifest.stageIntervalSeconds() * 1_000_000_000L - (System.nanoTime() - start);
        }
        progress.done(
                "stage interval", manifest.stageIntervalSeconds() + " s since the previous stage");
    }

    private void lag(Connection source, Connection target) throws SQLException {
        long start = System.nanoTime();
        SubscriptionHealth health = new SubscriptionHealth(manifest, again, target);
        while (true) {
            health.check("replication lag");
            long lag = slotLag(source, null);
            String text =
                    bytes(lag)
                            + " behind (threshold "
                            + bytes(limits.maxLagBytes())
                            + "), "
                            + elapsed(start);
            if (lag <= limits.maxLagBytes()) {
                progress.done("replication lag", text);
                return;
            }
            progress.show("replication lag", -1, text);
            timeout(start, "replication lag", text);
        }
    }

    /**
     * The final position, inside the application's write pause. A transaction on the source that
     * commits synchronously makes sure that WAL is flushed, and so sent, and that the target
     * reports it at once; then the source's insert position is taken. The gate passes when the
     * slot's confirmed flush reaches it; for native subscriptions also as soon as the apply worker
     * reports it as written (received and applied in order: committed on the target), after one
     * synchronously committed transaction on the target flushes what was applied. That skips the
     * wait for the worker's next flush report (the target commits its applied transactions
     * asynchronously, so that report trails by up to the WAL writer's delay). pglogical's worker
     * keeps the slot's confirmed flush as the only measure.
     */
    private void finalLsn(Connection source, Connection target) throws SQLException {
        long start = System.nanoTime();
        SubscriptionHealth health = new SubscriptionHealth(manifest, again, target);
        boolean byWrite = !manifest.strategy().equals("pglogical") && versionNum(source) >= 100000;
        if (byWrite) {
            // First, so that the final position read next is already flushed and sent, and the
            // target reports it at once (the commit's decoding makes it). A record the server
            // writes after this position is the confirm-final-lsn step's to handle.
            try {
                flushedCommit(source, true);
            } catch (SQLException e) {
                // Only a shortcut (a source set read-only refuses it): the gate waits as before.
                progress.done(
                        "final LSN",
                        "no flushing commit on the source ("
                                + e.getMessage()
                                + "); waiting for the subscriber to report it");
            }
        }
        String finalLsn = insertLsn(source);
        long first = -1;
        while (true) {
            health.check("final LSN");
            long[] behind =
                    byWrite
                            ? finalPosition(source, finalLsn)
                            : new long[] {Long.MAX_VALUE, slotLag(source, finalLsn)};
            long flushBehind = behind[1];
            first = first < 0 ? Math.max(flushBehind, 1) : first;
            String text =
                    "final LSN "
                            + finalLsn
                            + ", "
                            + bytes(Math.max(flushBehind, 0))
                            + " to confirm, "
                            + elapsed(start);
            if (flushBehind <= 0) {
                progress.done(
                        "final LSN", "the target confirmed " + finalLsn + ", " + elapsed(start));
                return;
            }
            if (behind[0] <= 0 || (byWrite && received(target, finalLsn))) {
                flushedCommit(target, false);
                progress.done(
                        "final LSN",
                        "the target applied " + finalLsn + " and flushed it, " + elapsed(start));
                return;
            }
            progress.show("final LSN", 1 - (double) flushBehind / first, text);
            // Inside the application's write pause: poll closely for the first seconds.
            timeout(
                    start,
                    "final LSN",
                    text,
                    System.nanoTime() - start < 5_000_000_000L ? PAUSE_POLL_MILLIS : POLL_MILLIS);
        }
    }

    /**
     * A transaction that commits synchronously: its commit flushes the cluster's WAL up to it,
     * everything written before included. On a publisher it carries a transactional logical
     * message, so that its commit is decoded and sent to the subscriber as data (a bare {@code
     * txid_current()} commit is never decoded, and the subscriber then learns of the position only
     * from the walsender's next keepalive). Up to 14 pgoutput sends it as an empty transaction; 15
     * and later skip it but report their progress at once. Measured on 16, a position past a record
     * that decodes to nothing: reported 7 ms after such a commit, 100 ms after a bare one.
     * Committed synchronously on this server only ({@code local}): a synchronous standby's answer
     * is not what the wait needs.
     */
    private static void flushedCommit(Connection c, boolean publisher) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("SET LOCAL synchronous_commit = local");
            st.execute(
                    publisher
                            ? "SELECT pg_catalog.pg_logical_emit_message(true, 'lrplan', 'final"
                                    + " position')"
                            : "SELECT txid_current()");
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** The cluster's WAL insert position now: a final position, once its writes have stopped. */
    private static String insertLsn(Connection c) throws SQLException {
        try (PreparedStatement ps =
                        c.prepareStatement(
                                ApplyQueries.sql("insert_lsn", versionNum(c), 90600, 100000));
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Has the target's apply worker received (so applied what precedes) this position? */
    private boolean received(Connection target, String finalLsn) throws SQLException {
        try (PreparedStatement ps =
                target.prepareStatement(
                        ApplyQueries.sql("received_lsn", versionNum(target), 100000))) {
            ps.setString(1, finalLsn);
            ps.setString(2, manifest.subscription());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Bytes behind the final position: {written, flushed}; Long.MAX_VALUE where unknown. */
    private long[] finalPosition(Connection source, String finalLsn) throws SQLException {
        return finalPosition(source, finalLsn, manifest.slot(), "source");
    }

    private long[] finalPosition(Connection publisher, String finalLsn, String slot, String where)
            throws SQLException {
        try (PreparedStatement ps =
                publisher.prepareStatement(
                        ApplyQueries.sql("final_position", versionNum(publisher), 100000))) {
            ps.setString(1, finalLsn);
            ps.setString(2, finalLsn);
            ps.setString(3, slot);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ApplyException.failed(
                            "replication slot " + slot + " does not exist on the " + where, null);
                }
                long write = rs.getLong(1);
                write = rs.wasNull() ? Long.MAX_VALUE : write;
                long flush = rs.getLong(2);
                flush = rs.wasNull() ? Long.MAX_VALUE : flush;
                return new long[] {write, flush};
            }
        }
    }

    /**
     * Going back: the new cluster's final position, read after a flushing commit there (writes to
     * it have stopped), must reach the old cluster through the rollback path before the old
     * cluster's sequences are set and the application returns to it; the rollback subscription must
     * stay healthy meanwhile.
     */
    private void backFinalLsn(Connection source, Connection target) throws SQLException {
        if (manifest.rollbackSubscription() == null) {
            throw ApplyException.failed(
                    "this folder has no rollback path: going back needs a new migration", null);
        }
        flushedCommit(target, true);
        rollbackPathReaches(
                source,
                target,
                "back final LSN",
                "the new cluster's final LSN ",
                "gate 'back final lsn': the rollback subscription "
                        + manifest.rollbackSubscription()
                        + " is gone: the old cluster no longer receives the new cluster's writes,"
                        + " so going back would lose them",
                "gate 'back final lsn': %s: the new cluster's writes have not all reached the old"
                        + " one. Read the old cluster's log and fix the cause (lrplan status shows the"
                        + " rollback path), then run apply --going-back again");
    }

    /**
     * Before the rollback path is cut (the rollback window closed without going back): every write
     * the new cluster had when the gate began has reached the old cluster. The application may
     * still write: the position is taken after a flushing commit there, which only speeds up the
     * report. A lag under --max-lag is not enough: the writes in it would never arrive.
     */
    private void rollbackLag(Connection source, Connection target) throws SQLException {
        if (manifest.rollbackSubscription() == null) {
            return;
        }
        try {
            flushedCommit(target, true);
        } catch (SQLException e) {
            progress.done(
                    "rollback lag",
                    "no flushing commit on the new cluster ("
                            + e.getMessage()
                            + "); waiting for the old cluster to report its position");
        }
        rollbackPathReaches(
                source,
                target,
                "rollback lag",
                "the new cluster's position ",
                null,
                "gate 'rollback lag': %s: writes on the new cluster since it stopped have not reached"
                        + " the old one. Read the old cluster's log and fix the cause (lrplan status"
                        + " shows the rollback path); if the rollback window is over regardless, drop"
                        + " the rollback subscription by hand");
    }

    /**
     * Waits until the old cluster has the new cluster's insert position of now through the rollback
     * path. A native apply worker's written position counts once a synchronous commit on the old
     * cluster flushes what it applied; pglogical's, the slot's confirmed flush. A rollback
     * subscription that stopped (not merely starting) is refused with {@code problemText} (its %s
     * the problem); one that is gone with {@code goneText}, or passes when that is null.
     */
    private void rollbackPathReaches(
            Connection source,
            Connection target,
            String gate,
            String positionText,
            String goneText,
            String problemText)
            throws SQLException {
        long start = System.nanoTime();
        boolean byWrite = !manifest.strategy().equals("pglogical");
        String position = insertLsn(target);
        long first = -1;
        while (true) {
            RollbackGate.State s = RollbackGate.read(manifest, source, target);
            if (s.gone()) {
                if (goneText != null) {
                    throw ApplyException.failed(goneText, null);
                }
                progress.done(gate, "the rollback subscription is gone already");
                return;
            }
            boolean starting =
                    s.passing() && System.nanoTime() - start < Duration.ofSeconds(30).toNanos();
            if (s.problem() != null && !starting) {
                throw ApplyException.failed(String.format(problemText, s.problem()), null);
            }
            long[] behind =
                    finalPosition(
                            target, position, manifest.rollbackSlot(), "target (new cluster)");
            long flushBehind = behind[1];
            first = first < 0 ? Math.max(flushBehind, 1) : first;
            String text =
                    positionText
                            + position
                            + ", "
                            + bytes(Math.max(flushBehind, 0))
                            + " for the old cluster to confirm, "
                            + elapsed(start);
            if (flushBehind <= 0) {
                progress.done(
                        gate, "the old cluster confirmed " + position + ", " + elapsed(start));
                return;
            }
            if (byWrite && behind[0] <= 0) {
                flushedCommit(source, false);
                progress.done(
                        gate,
                        "the old cluster applied "
                                + position
                                + " and flushed it, "
                                + elapsed(start));
                return;
            }
            progress.show(gate, 1 - (double) flushBehind / first, text);
            timeout(start, gate, text);
        }
    }

    /** The slot's lag from {@code fromLsn}, or from the current position when it is null. */
    private long slotLag(Connection source, String fromLsn) throws SQLException {
        try (PreparedStatement ps =
                source.prepareStatement(
                        ApplyQueries.sql("slot_lag", versionNum(source), 90600, 100000))) {
            ps.setString(1, fromLsn);
            ps.setString(2, manifest.slot());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ApplyException.failed(
                            "replication slot " + manifest.slot() + " does not exist on the source",
                            null);
                }
                return rs.getLong(1);
            }
        }
    }

    private void timeout(long start, String gate, String state) {
        timeout(start, gate, state, POLL_MILLIS);
    }

    private void timeout(long start, String gate, String state, long pollMillis) {
        if (System.nanoTime() - start > limits.timeout().toNanos()) {
            progress.done(gate, state);
            throw ApplyException.failed(
                    "gate '"
                            + gate
                            + "' timed out after "
                            + limits.timeout().toSeconds()
                            + " s: "
                            + state
                            + ". Replication keeps running; run apply again to keep waiting (--gate-timeout raises the"
                            + " limit), or look at lrplan status",
                    null);
        }
        try {
            Thread.sleep(pollMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApplyException.failed("interrupted while waiting for " + gate, e);
        }
    }

    private static String elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000_000L + " s";
    }

    static String bytes(long b) {
        return dev.lrplan.diag.Units.bytes(b);
    }

    static int versionNum(Connection c) throws SQLException {
        int major = c.getMetaData().getDatabaseMajorVersion();
        return major >= 10
                ? major * 10000
                : major * 10000 + c.getMetaData().getDatabaseMinorVersion() * 100;
    }
}
