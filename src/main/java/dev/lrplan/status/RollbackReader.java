package dev.lrplan.status;

import dev.lrplan.db.Wal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rollback path, watched as closely as the forward one: the old cluster's subscription (its
 * worker, whether it is enabled, its errors), its slot's lag on the new cluster, and the rows whose
 * renamed value was too wide to be copied back ({@code lrplan.rollback_not_carried}).
 */
final class RollbackReader {
    private RollbackReader() {}

    static Status.Rollback read(
            String strategy, String subscription, String slot, Connection source, Connection target)
            throws SQLException {
        boolean exists;
        Boolean enabled = null;
        Boolean running = null;
        String state = null;
        Status.Errors errors = null;
        if ("pglogical".equals(strategy)) {
            exists = false;
            if (regclass(source, "pglogical.subscription")) {
                try (PreparedStatement ps =
                        source.prepareStatement(
                                "SELECT st.status FROM pglogical.subscription s,"
                                        + " LATERAL pglogical.show_subscription_status(s.sub_name) st"
                                        + " WHERE s.sub_name = ?")) {
                    ps.setString(1, subscription);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            exists = true;
                            state = rs.getString(1);
                            running = "replicating".equals(state);
                        }
                    }
                }
            }
        } else {
            try (PreparedStatement ps =
                    source.prepareStatement(
                            "SELECT s.subenabled, EXISTS (SELECT FROM pg_catalog.pg_stat_subscription st"
                                    + " WHERE st.subid = s.oid AND st.relid IS NULL AND st.pid IS NOT NULL)"
                                    + " FROM pg_catalog.pg_subscription s WHERE s.subname = ? AND s.subdbid ="
                                    + " (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())")) {
                ps.setString(1, subscription);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                    if (exists) {
                        enabled = rs.getBoolean(1);
                        running = rs.getBoolean(2);
                        state =
                                enabled
                                        ? (running ? "replicating" : "enabled, no worker")
                                        : "disabled";
                    }
                }
            }
            if (exists && source.getMetaData().getDatabaseMajorVersion() >= 15) {
                try (PreparedStatement ps =
                        source.prepareStatement(
                                "SELECT apply_error_count, sync_error_count"
                                        + " FROM pg_catalog.pg_stat_subscription_stats WHERE subname = ?")) {
                    ps.setString(1, subscription);
                    try (ResultSet rs = ps.executeQuery()) {
                        errors =
                                rs.next()
                                        ? new Status.Errors(rs.getLong(1), rs.getLong(2))
                                        : new Status.Errors(0, 0);
                    }
                }
            }
        }
        Long lag = null;
        Wal wal = Wal.of(target);
        try (PreparedStatement ps =
                target.prepareStatement(
                        "SELECT "
                                + wal.diff()
                                + "("
                                + wal.current()
                                + "(), confirmed_flush_lsn)::bigint FROM pg_catalog.pg_replication_slots"
                                + " WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    lag = (Long) rs.getObject(1, Long.class);
                }
            }
        }
        List<Status.NotCarried> notCarried = new ArrayList<>();
        if (regclass(target, "lrplan.rollback_not_carried")) {
            try (PreparedStatement ps =
                            target.prepareStatement(
                                    "SELECT table_name, column_name, rows FROM lrplan.rollback_not_carried"
                                            + " ORDER BY 1, 2");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    notCarried.add(
                            new Status.NotCarried(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
        }
        return new Status.Rollback(
                subscription, exists, enabled, running, state, errors, lag, notCarried);
    }

    private static boolean regclass(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
