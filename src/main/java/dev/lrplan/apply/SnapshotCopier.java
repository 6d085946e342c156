package dev.lrplan.apply;

import dev.lrplan.db.ConnInfo;
import dev.lrplan.db.Database;
import dev.lrplan.sql.Sql;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The copy-data step of snapshot-copy, as {@code lrplan apply} runs it: a slot created with an
 * exported snapshot (held by {@link SnapshotHolder}), then every table of the publications copied
 * under that snapshot, source to target through the driver's COPY streams, on {@code jobs} workers,
 * range by range. A rerun resumes: the ranges the ledger marks finished are not copied again, as
 * long as the snapshot still lives; when it is gone, the copy starts over, loudly.
 */
public final class SnapshotCopier {
    /**
     * @param rangeBytes tables larger than this are split into ranges
     * @param holderIdleSeconds how long the snapshot is held for an apply that was killed
     */
    public record Settings(
            ConnInfo source,
            ConnInfo target,
            String plan,
            String slot,
            List<String> publications,
            int jobs,
            long rangeBytes,
            long holderIdleSeconds,
            boolean terminal) {}

    private final Settings s;
    private final Connection source;
    private final Connection target;
    private final PrintWriter out;

    private SnapshotCopier(Settings s, Connection source, Connection target, PrintWriter out) {
        this.s = s;
        this.source = source;
        this.target = target;
        this.out = out;
    }

    public static void run(Settings s, Connection source, Connection target, PrintWriter out)
            throws SQLException {
        new SnapshotCopier(s, source, target, out).run();
    }

    private void run() throws SQLException {
        CopyLedger ledger = new CopyLedger(target, s.plan());
        CopyLedger.State state = ledger.state();
        if (state != null && state.finished()) {
            out.println("the copy finished in an earlier attempt: nothing to copy");
            return;
        }
        if (state != null && !importable(state.snapshot())) {
            List<CopyLedger.Range> before = ledger.ranges();
            long done = before.stream().filter(CopyLedger.Range::finished).count();
            out.printf(
                    "the snapshot of the earlier attempt (%s) is gone: its holder process ended (killed, or"
                            + " no apply came back within %d s). The copy starts over: slot %s is dropped and"
                            + " created again, and the %d range(s) it had finished are copied again.%n",
                    state.snapshot(), s.holderIdleSeconds(), s.slot(), done);
            dropOurSlot(true);
            truncate(before.stream().map(CopyLedger.Range::relation).distinct().toList());
            ledger.clear();
            state = null;
        }
        if (state == null) {
            start(ledger);
        } else {
            out.printf(
                    "resuming the copy under snapshot %s (slot %s from %s)%n",
                    state.snapshot(), state.slot(), state.consistentPoint());
        }
        state = ledger.state();
        copy(ledger, state.snapshot());
        ledger.finished();
        out.printf(
                "copy finished; slot %s keeps every change since %s for the subscription%n",
                s.slot(), state.consistentPoint());
    }

    private void start(CopyLedger ledger) throws SQLException {
        List<String> relations = CopyTables.published(source, s.publications());
        if (relations.isEmpty()) {
            throw ApplyException.refused(
                    "the publications "
                            + s.publications()
                            + " publish no table on the source: has the publication step run?");
        }
        boolean slotExisted = dropOurSlot(false);
        List<String> nonEmpty = nonEmpty(relations);
        if (!nonEmpty.isEmpty()) {
            if (!slotExisted) {
                throw ApplyException.refused(
                        "target table(s) "
                                + Sql.printable(String.join(", ", nonEmpty))
                                + " already hold rows; the copy needs them empty (tables.target_rows decides"
                                + " what happens to the target's own rows)");
            }
            out.println(
                    "emptying target table(s) an earlier attempt had copied into: "
                            + Sql.printable(String.join(", ", nonEmpty)));
            truncate(nonEmpty);
        }
        int version = source.getMetaData().getDatabaseMajorVersion();
        SnapshotHolder.Held held =
                SnapshotHolder.start(
                        s.source(),
                        s.target(),
                        s.plan(),
                        s.slot(),
                        version >= 15,
                        s.holderIdleSeconds());
        out.printf(
                "slot %s created at %s with exported snapshot %s (held by process %d)%n",
                s.slot(), held.consistentPoint(), held.snapshot(), held.pid());
        Map<String, CopyTables.Info> tables = CopyTables.read(source, target, relations);
        List<CopyLedger.Range> ranges;
        try (Connection snap = snapshotSession(held.snapshot())) {
            ranges = CopyTables.plan(snap, version * 10000, tables, Math.max(1, s.rangeBytes()));
        }
        ledger.start(s.slot(), held, ranges);
    }

    private void copy(CopyLedger ledger, String snapshot) throws SQLException {
        List<CopyLedger.Range> all = ledger.ranges();
        List<String> relations =
                new ArrayList<>(
                        new LinkedHashSet<>(all.stream().map(CopyLedger.Range::relation).toList()));
        Map<String, CopyTables.Info> tables = CopyTables.read(source, target, relations);
        List<CopyLedger.Range> pending =
                all.stream()
                        .filter(r -> !r.finished())
                        .sorted(Comparator.comparingLong(CopyLedger.Range::estBytes).reversed())
                        .toList();
        CopyProgress progress = new CopyProgress(all, new ProgressLine(out, s.terminal()));
        if (pending.size() < all.size()) {
            out.printf(
                    "%d of %d range(s) were copied before and are not copied again%n",
                    all.size() - pending.size(), all.size());
        }
        ConcurrentLinkedQueue<CopyLedger.Range> queue = new ConcurrentLinkedQueue<>(pending);
        AtomicReference<Exception> failure = new AtomicReference<>();
        int workers = Math.max(1, Math.min(s.jobs(), pending.size()));
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            Thread t =
                    new Thread(
                            () -> work(snapshot, tables, queue, failure, progress),
                            "lrplan-copy-" + (i + 1));
            t.start();
            threads.add(t);
        }
        progress.runUntil(threads);
        if (failure.get() != null) {
            Exception e = failure.get();
            throw ApplyException.failed(
                    "the copy failed: "
                            + e.getMessage()
                            + "; the snapshot is still held, so a rerun copies only the ranges that did not"
                            + " finish",
                    e);
        }
    }

    private void work(
            String snapshot,
            Map<String, CopyTables.Info> tables,
            ConcurrentLinkedQueue<CopyLedger.Range> queue,
            AtomicReference<Exception> failure,
            CopyProgress progress) {
        try (Connection src = snapshotSession(snapshot);
                Connection tgt = Database.connect(s.target(), props("lrplan copy"))) {
            tgt.setAutoCommit(false);
            RangeCopy copier = new RangeCopy(src, tgt, s.plan());
            CopyLedger.Range r;
            while (failure.get() == null && (r = queue.poll()) != null) {
                progress.started(r);
                RangeCopy.Result done = copier.copy(tables.get(r.relation()), r, progress);
                progress.finished(r, done.rows(), done.bytes());
            }
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        }
    }

    /**
     * A source session in a REPEATABLE READ transaction on the exported snapshot: it sees exactly
     * what the slot's consistent point does.
     */
    private Connection snapshotSession(String snapshot) throws SQLException {
        Connection c = Database.connect(s.source(), props("lrplan copy"));
        try {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                st.execute("SET TRANSACTION SNAPSHOT " + Sql.literal(snapshot));
            }
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    private boolean importable(String snapshot) {
        try (Connection c = snapshotSession(snapshot)) {
            c.rollback();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Drops the plan's slot when an earlier attempt left it: only when no subscription on the
     * target uses it and nothing streams from it. Returns whether there was one.
     */
    private boolean dropOurSlot(boolean expected) throws SQLException {
        try (PreparedStatement ps = source.prepareStatement(ApplyQueries.sql("copy/slot.sql"))) {
            ps.setString(1, s.slot());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                if (rs.getBoolean("active")) {
                    throw ApplyException.refused(
                            "slot "
                                    + s.slot()
                                    + " exists on the source and a process streams from it; the copy"
                                    + " cannot start over under it. Find who uses it in pg_stat_replication");
                }
            }
        }
        try (PreparedStatement ps =
                target.prepareStatement(ApplyQueries.sql("copy/slot_user.sql"))) {
            ps.setString(1, s.slot());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    throw ApplyException.refused(
                            "slot "
                                    + s.slot()
                                    + " belongs to subscription "
                                    + Sql.printable(rs.getString(1))
                                    + " on the target; the copy does not start over under a subscription");
                }
            }
        }
        if (!expected) {
            out.printf(
                    "slot %s exists from an earlier attempt that recorded no copy: dropping it%n",
                    s.slot());
        }
        try (PreparedStatement ps =
                source.prepareStatement("SELECT pg_catalog.pg_drop_replication_slot(?)")) {
            ps.setString(1, s.slot());
            ps.execute();
        }
        return true;
    }

    /** The relations that hold a row, a few hundred per statement. */
    private List<String> nonEmpty(List<String> relations) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = target.createStatement()) {
            for (int i = 0; i < relations.size(); i += 500) {
                List<String> chunk = relations.subList(i, Math.min(relations.size(), i + 500));
                StringBuilder q = new StringBuilder();
                for (int k = 0; k < chunk.size(); k++) {
                    q.append(k == 0 ? "" : " UNION ALL ")
                            .append("SELECT ")
                            .append(k)
                            .append(" WHERE EXISTS (SELECT 1 FROM ")
                            .append(chunk.get(k))
                            .append(")");
                }
                try (ResultSet rs = st.executeQuery(q.toString())) {
                    while (rs.next()) {
                        out.add(chunk.get(rs.getInt(1)));
                    }
                }
            }
        }
        return out;
    }

    private void truncate(List<String> relations) throws SQLException {
        if (relations.isEmpty()) {
            return;
        }
        try (Statement st = target.createStatement()) {
            st.execute("TRUNCATE " + String.join(", ", relations));
        }
    }

    private static Properties props(String name) {
        Properties p = new Properties();
        p.setProperty("ApplicationName", name);
        return p;
    }
}
