package dev.lrplan.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the copy has done, on the target beside apply's ledger: the slot and snapshot of the copy
 * ({@code lrplan.copy_state}) and each table range with its predicate ({@code lrplan.copy_range}).
 * A range's row is marked finished in the same target transaction as its COPY, so after a kill a
 * range is either copied and marked, or neither.
 */
final class CopyLedger {
    /** The copy under way for a plan. */
    record State(
            String slot,
            String snapshot,
            String consistentPoint,
            long holderPid,
            boolean finished) {}

    /**
     * One piece of a table: the whole table when {@code predicate} is null.
     *
     * @param estBytes its share of the table's size on the source, for progress
     */
    record Range(
            String relation,
            int number,
            String predicate,
            long estBytes,
            boolean binary,
            boolean finished,
            long rows,
            long bytes) {}

    private final Connection target;
    private final String plan;

    CopyLedger(Connection target, String plan) throws SQLException {
        this.target = target;
        this.plan = plan;
        try (Statement st = target.createStatement()) {
            st.execute(ApplyQueries.sql("copy/create.sql"));
            st.execute(ApplyQueries.sql("copy/create_ranges.sql"));
        }
    }

    State state() throws SQLException {
        try (PreparedStatement ps = target.prepareStatement(ApplyQueries.sql("copy/state.sql"))) {
            ps.setString(1, plan);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? new State(
                                rs.getString("slot"),
                                rs.getString("snapshot"),
                                rs.getString("consistent_point"),
                                rs.getLong("holder_pid"),
                                rs.getBoolean("finished"))
                        : null;
            }
        }
    }

    void start(String slot, SnapshotHolder.Held held, List<Range> ranges) throws SQLException {
        boolean auto = target.getAutoCommit();
        target.setAutoCommit(false);
        try {
            try (PreparedStatement ps =
                    target.prepareStatement(ApplyQueries.sql("copy/insert_state.sql"))) {
                ps.setString(1, plan);
                ps.setString(2, slot);
                ps.setString(3, held.snapshot());
                ps.setString(4, held.consistentPoint());
                ps.setLong(5, held.pid());
                ps.executeUpdate();
            }
            try (PreparedStatement ps =
                    target.prepareStatement(ApplyQueries.sql("copy/insert_range.sql"))) {
                for (Range r : ranges) {
                    ps.setString(1, plan);
                    ps.setString(2, r.relation());
                    ps.setInt(3, r.number());
                    ps.setString(4, r.predicate());
                    ps.setLong(5, r.estBytes());
                    ps.setBoolean(6, r.binary());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            target.commit();
        } finally {
            if (!target.getAutoCommit()) {
                target.rollback();
            }
            target.setAutoCommit(auto);
        }
    }

    List<Range> ranges() throws SQLException {
        List<Range> out = new ArrayList<>();
        try (PreparedStatement ps = target.prepareStatement(ApplyQueries.sql("copy/ranges.sql"))) {
            ps.setString(1, plan);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(
                            new Range(
                                    rs.getString("relation"),
                                    rs.getInt("range_no"),
                                    rs.getString("predicate"),
                                    rs.getLong("est_bytes"),
                                    rs.getBoolean("binary_format"),
                                    rs.getBoolean("finished"),
                                    rs.getLong("rows"),
                                    rs.getLong("bytes")));
                }
            }
        }
        return out;
    }

    /** Marks a range finished on the worker's target connection, inside its COPY's transaction. */
    static void finish(Connection worker, String plan, Range r, long rows, long bytes)
            throws SQLException {
        try (PreparedStatement ps =
                worker.prepareStatement(ApplyQueries.sql("copy/finish_range.sql"))) {
            ps.setLong(1, rows);
            ps.setLong(2, bytes);
            ps.setString(3, plan);
            ps.setString(4, r.relation());
            ps.setInt(5, r.number());
            if (ps.executeUpdate() != 1) {
                throw new SQLException(
                        "range "
                                + r.number()
                                + " of "
                                + r.relation()
                                + " is finished already: another apply copied it");
            }
        }
    }

    void finished() throws SQLException {
        try (PreparedStatement ps =
                target.prepareStatement(ApplyQueries.sql("copy/finish_state.sql"))) {
            ps.setString(1, plan);
            ps.executeUpdate();
        }
    }

    void clear() throws SQLException {
        try (PreparedStatement ps = target.prepareStatement(ApplyQueries.sql("copy/clear.sql"))) {
            ps.setString(1, plan);
            ps.setString(2, plan);
            ps.executeUpdate();
        }
    }
}
