package dev.lrplan.apply;

import dev.lrplan.contract.Manifest.Entry;
import dev.lrplan.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * The record of every step's runs, kept on the target cluster in {@code lrplan.apply_ledger}, one
 * row per attempt.
 *
 * <p>Why the target: it is the cluster that stays, so the record outlives the old cluster and the
 * laptop apply ran on; every operator's apply sees the same record; and the advisory lock that
 * keeps two applies apart lives in the same place. The ledger is written in its own session with
 * {@code synchronous_commit = on}, so an attempt recorded as succeeded is durable before the next
 * step starts. Progress inside a step (SQL statements done, counted only outside a transaction
 * block) is what lets a killed apply resume after the last completed statement.
 */
public final class Ledger implements AutoCloseable {
    /** 'lrpl' — the first key of the two-key advisory lock; the second is the plan name's hash. */
    public static final int LOCK_CLASS = 0x6c72706c;

    /** The latest attempt at one step. */
    public record Attempt(
            long id,
            int step,
            String file,
            String sha256,
            String outcome,
            int statementsDone,
            OffsetDateTime startedAt,
            OffsetDateTime finishedAt,
            String error) {
        public boolean succeeded() {
            return "succeeded".equals(outcome);
        }

        /** Nothing left to do at this step: it succeeded, or it was skipped on purpose. */
        public boolean done() {
            return succeeded() || skipped();
        }

        public boolean skipped() {
            return "skipped".equals(outcome);
        }
    }

    private final Connection c;
    private final String plan;

    private Ledger(Connection c, String plan) {
        this.c = c;
        this.plan = plan;
    }

    /**
     * Takes the plan's advisory lock (refusing when another apply holds it) and makes sure the
     * table exists.
     */
    public static Ledger open(Connection c, String plan) {
        try {
            try (PreparedStatement ps = c.prepareStatement(ApplyQueries.sql("ledger/lock.sql"))) {
                ps.setInt(1, LOCK_CLASS);
                ps.setString(2, plan);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        throw ApplyException.refused(
                                "another lrplan apply of plan "
                                        + plan
                                        + " is running"
                                        + holder(c)
                                        + "; wait for it to finish, or stop it");
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute(ApplyQueries.sql("ledger/create.sql"));
            }
            try (PreparedStatement ps =
                    c.prepareStatement(ApplyQueries.sql("ledger/interrupted.sql"))) {
                ps.setString(1, plan);
                ps.executeUpdate();
            }
            return new Ledger(c, plan);
        } catch (SQLException e) {
            throw Database.failure("cannot open the apply ledger on the target", e);
        }
    }

    /**
     * Reads the latest attempt per step without the lock: what status shows. Empty when no apply
     * ever ran.
     */
    public static Map<Integer, Attempt> read(Connection c, String plan) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(ApplyQueries.sql("ledger/exists.sql"))) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return Map.of();
            }
        }
        return new Ledger(c, plan).latest();
    }

    private static String holder(Connection c) {
        try (PreparedStatement ps = c.prepareStatement(ApplyQueries.sql("ledger/holder.sql"))) {
            ps.setLong(1, Integer.toUnsignedLong(LOCK_CLASS));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? " (its session: pid "
                                + rs.getInt(1)
                                + ", from "
                                + (rs.getString(2) == null ? "local socket" : rs.getString(2))
                                + ", since "
                                + rs.getString(3)
                                + ")"
                        : "";
            }
        } catch (SQLException e) {
            return "";
        }
    }

    public Map<Integer, Attempt> latest() throws SQLException {
        Map<Integer, Attempt> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(ApplyQueries.sql("ledger/latest.sql"))) {
            ps.setString(1, plan);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(
                            rs.getInt(2),
                            new Attempt(
                                    rs.getLong(1),
                                    rs.getInt(2),
                                    rs.getString(3),
                                    rs.getString(4),
                                    rs.getString(5),
                                    rs.getInt(6),
                                    rs.getObject(7, OffsetDateTime.class),
                                    rs.getObject(8, OffsetDateTime.class),
                                    rs.getString(9)));
                }
            }
        }
        return out;
    }

    long begin(Entry e, int statementsDone) {
        try (PreparedStatement ps = c.prepareStatement(ApplyQueries.sql("ledger/begin.sql"))) {
            ps.setString(1, plan);
            ps.setInt(2, e.number());
            ps.setString(3, e.file());
            ps.setString(4, e.sha256());
            ps.setString(5, e.cluster().label());
            ps.setInt(6, statementsDone);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException ex) {
            throw Database.failure("cannot write the apply ledger", ex);
        }
    }

    void progress(long id, int statementsDone) {
        try (PreparedStatement ps = c.prepareStatement(ApplyQueries.sql("ledger/progress.sql"))) {
            ps.setInt(1, statementsDone);
            ps.setLong(2, id);
            ps.executeUpdate();
        } catch (SQLException ex) {
            throw Database.failure("cannot write the apply ledger", ex);
        }
    }

    /** The progress write, on a connection of the target inside its open transaction. */
    void progressOn(Connection script, long id, int statementsDone) throws SQLException {
        try (PreparedStatement ps =
                script.prepareStatement(ApplyQueries.sql("ledger/progress.sql"))) {
            ps.setInt(1, statementsDone);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /**
     * An operator's action outside the steps (step 0 in the ledger), such as resuming a disabled
     * subscription.
     */
    void action(String what, String detail) {
        try (PreparedStatement ps = c.prepareStatement(ApplyQueries.sql("ledger/action.sql"))) {
            ps.setString(1, plan);
            ps.setString(2, "action: " + what);
            ps.setString(3, detail);
            ps.executeUpdate();
        } catch (SQLException ex) {
            throw Database.failure("cannot write the apply ledger", ex);
        }
    }

    /** A step of the way back that the operator chose not to take, and why. */
    void skip(Entry e, String why) {
        long id = begin(e, 0);
        try (PreparedStatement ps = c.prepareStatement(ApplyQueries.sql("ledger/finish.sql"))) {
            ps.setString(1, "skipped");
            ps.setString(2, why);
            ps.setLong(3, id);
            ps.executeUpdate();
        } catch (SQLException ex) {
            throw Database.failure("cannot write the apply ledger", ex);
        }
    }

    void finish(long id, boolean ok, String error) {
        try (PreparedStatement ps = c.prepareStatement(ApplyQueries.sql("ledger/finish.sql"))) {
            ps.setString(1, ok ? "succeeded" : "failed");
            ps.setString(2, error);
            ps.setLong(3, id);
            ps.executeUpdate();
        } catch (SQLException ex) {
            throw Database.failure("cannot write the apply ledger", ex);
        }
    }

    @Override
    public void close() {
        try (Statement st = c.createStatement()) {
            st.execute(ApplyQueries.sql("ledger/unlock.sql"));
        } catch (SQLException ignored) {
            // closing the session releases the lock anyway
        }
    }
}
