package dev.lrplan.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The rollback path, watched like the forward one before apply cuts it: the old cluster's
 * subscription must be enabled with a running worker (pglogical: replicating), without new errors,
 * and its slot on the new cluster must be within the lag limit, so that every write of the rollback
 * window has reached the old cluster. A subscription that stopped is reported at once: writes since
 * then never reached the old cluster.
 */
final class RollbackGate {
    private RollbackGate() {}

    /**
     * The rollback path's state now: gone (dropped already, by an earlier run or by hand: nothing
     * left to protect), healthy or why not, and the slot's lag in bytes.
     */
    record State(boolean gone, String problem, boolean passing, long lagBytes) {}

    static State read(Folder folder, Connection source, Connection target) throws SQLException {
        String sub = folder.rollbackSubscription();
        String problem = null;
        // A worker that is starting (just enabled, or restarting) is not yet a failure.
        boolean passing = false;
        if ("pglogical".equals(folder.strategy())) {
            try (PreparedStatement ps =
                    source.prepareStatement(ApplyQueries.sql("pglogical_status.sql"))) {
                ps.setString(1, sub);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new State(true, null, false, 0);
                    } else if (!"replicating".equals(rs.getString(1))) {
                        passing = !"down".equals(rs.getString(1));
                        problem =
                                "the rollback subscription "
                                        + sub
                                        + " is "
                                        + rs.getString(1)
                                        + ", not replicating";
                    }
                }
            }
        } else {
            try (PreparedStatement ps =
                    source.prepareStatement(
                            ApplyQueries.sql(
                                    "rollback_health", Gates.versionNum(source), 100000, 150000))) {
                ps.setString(1, sub);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new State(true, null, false, 0);
                    } else if (!rs.getBoolean(1)) {
                        problem = "the rollback subscription " + sub + " is disabled";
                    } else if (!rs.getBoolean(2)) {
                        problem =
                                "the rollback subscription " + sub + " has no running apply worker";
                        passing = true;
                    } else if (rs.getObject(3) != null && rs.getLong(3) > 0) {
                        problem =
                                "the rollback subscription "
                                        + sub
                                        + " has "
                                        + rs.getLong(3)
                                        + " apply or sync error(s)";
                    }
                }
            }
        }
        long lag = -1;
        try (PreparedStatement ps =
                target.prepareStatement(
                        ApplyQueries.sql("slot_lag", Gates.versionNum(target), 90600, 100000))) {
            ps.setString(1, null);
            ps.setString(2, folder.rollbackSlot());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    problem =
                            problem == null
                                    ? "the rollback slot "
                                            + folder.rollbackSlot()
                                            + " does not exist on the new cluster"
                                    : problem;
                } else {
                    lag = rs.getLong(1);
                }
            }
        }
        return new State(false, problem, passing, lag);
    }
}
