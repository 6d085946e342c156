package dev.lrplan.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The rollback path, read from both clusters: the old cluster's subscription (enabled, with a
 * running worker; pglogical: replicating), its error count (15 and later), and its slot's lag on
 * the new cluster. Apply's rollback-lag gate waits on it before the path is cut, and {@code lrplan
 * status} shows it; both read it here, with the same queries.
 */
public final class RollbackGate {
    private RollbackGate() {}

    /**
     * The rollback path's state now.
     *
     * @param gone the subscription does not exist (not created yet, or dropped already)
     * @param state what the subscription is doing: replicating, disabled, …
     * @param errors apply and sync errors so far; null where the server does not count them
     * @param problem why it does not carry writes back now; null when it does
     * @param passing the problem may clear by itself (a worker starting)
     * @param lagBytes the slot's lag on the new cluster; null when the slot is missing
     */
    public record State(
            boolean gone,
            String state,
            Long errors,
            String problem,
            boolean passing,
            Long lagBytes) {}

    public static State read(Folder folder, Connection source, Connection target)
            throws SQLException {
        String sub = folder.rollbackSubscription();
        String state;
        Long errors = null;
        String problem = null;
        boolean passing = false;
        if ("pglogical".equals(folder.strategy())) {
            try (PreparedStatement ps =
                    source.prepareStatement(ApplyQueries.sql("pglogical_status.sql"))) {
                ps.setString(1, sub);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new State(true, null, null, null, false, null);
                    }
                    state = rs.getString(1);
                }
            }
            if (!"replicating".equals(state)) {
                problem = "the rollback subscription " + sub + " is " + state + ", not replicating";
                passing = !"down".equals(state);
            }
        } else {
            try (PreparedStatement ps =
                    source.prepareStatement(
                            ApplyQueries.sql(
                                    "rollback_health", Gates.versionNum(source), 100000, 150000))) {
                ps.setString(1, sub);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new State(true, null, null, null, false, null);
                    }
                    boolean enabled = rs.getBoolean(1);
                    boolean running = rs.getBoolean(2);
                    errors = rs.getObject(3) == null ? null : rs.getLong(3);
                    state = !enabled ? "disabled" : running ? "replicating" : "enabled, no worker";
                    if (!enabled) {
                        problem = "the rollback subscription " + sub + " is disabled";
                    } else if (!running) {
                        problem =
                                "the rollback subscription " + sub + " has no running apply worker";
                        passing = true;
                    } else if (errors != null && errors > 0) {
                        problem =
                                "the rollback subscription "
                                        + sub
                                        + " has "
                                        + errors
                                        + " apply or sync error(s)";
                    }
                }
            }
        }
        Long lag = null;
        try (PreparedStatement ps =
                target.prepareStatement(
                        ApplyQueries.sql("slot_lag", Gates.versionNum(target), 90600, 100000))) {
            ps.setString(1, null);
            ps.setString(2, folder.rollbackSlot());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    lag = rs.getLong(1);
                } else if (problem == null) {
                    problem =
                            "the rollback slot "
                                    + folder.rollbackSlot()
                                    + " does not exist on the new cluster";
                }
            }
        }
        return new State(false, state, errors, problem, passing, lag);
    }
}
