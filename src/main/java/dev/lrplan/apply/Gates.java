package dev.lrplan.apply;

import dev.lrplan.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The waits between steps: for the initial sync to finish, for the slot's lag to fall under a threshold, and for the
 * target to confirm the source's final WAL position. A gate only reads; it polls five times a second, shows its progress,
 * and says clearly when it gives up.
 */
final class Gates {
    /** Short, because the final-LSN wait is part of the application's write pause at switchover. */
    private static final long POLL_MILLIS = 200;

    /** How long a gate waits, and the lag it accepts. */
    record Limits(Duration timeout, long maxLagBytes) {}

    private final Manifest manifest;
    private final Limits limits;
    private final ProgressLine progress;

    Gates(Manifest manifest, Limits limits, ProgressLine progress) {
        this.manifest = manifest;
        this.limits = limits;
        this.progress = progress;
    }

    void await(String gate, Connection source, Connection target) {
        try {
            switch (gate) {
                case "sync" -> sync(target);
                case "lag" -> lag(source);
                case "final-lsn" -> finalLsn(source);
                default -> throw ApplyException.refused("the manifest names gate '" + gate + "', which this lrplan does not"
                        + " know; use the lrplan version that compiled the folder");
            }
        } catch (SQLException e) {
            throw Database.failure("gate " + gate, e);
        }
    }

    private void sync(Connection target) throws SQLException {
        long start = System.nanoTime();
        boolean stats = target.getMetaData().getDatabaseMajorVersion() >= 15;
        String sql = "SELECT count(*) FILTER (WHERE r.srsubstate = 'r'), count(*) FILTER (WHERE r.srsubstate <> 'r'), "
                + "count(*), string_agg(r.srrelid::regclass::text, ', ' ORDER BY r.srrelid::regclass::text) "
                + "FILTER (WHERE r.srsubstate <> 'r'), bool_or(s.subenabled), "
                + (stats ? "(SELECT sync_error_count + apply_error_count FROM pg_stat_subscription_stats WHERE subid = s.oid)"
                : "NULL::bigint")
                + " FROM pg_subscription s LEFT JOIN pg_subscription_rel r ON r.srsubid = s.oid "
                + "WHERE s.subname = ? AND s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                + "GROUP BY s.oid";
        while (true) {
            long ready;
            long copying;
            long total;
            String notReady;
            Long errors;
            try (PreparedStatement ps = target.prepareStatement(sql)) {
                ps.setString(1, manifest.subscription());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw ApplyException.failed("gate sync: subscription " + manifest.subscription()
                                + " does not exist on the target", null);
                    }
                    ready = rs.getLong(1);
                    copying = rs.getLong(2);
                    total = rs.getLong(3);
                    notReady = rs.getString(4);
                    errors = rs.getObject(6) == null ? null : rs.getLong(6);
                    if (!rs.getBoolean(5)) {
                        throw ApplyException.failed("gate sync: subscription " + manifest.subscription()
                                + " is disabled; enable it first (the enable-subscription step)", null);
                    }
                }
            }
            String text = ready + "/" + total + " tables ready, " + copying + " copying" + (errors == null || errors == 0
                    ? "" : ", " + errors + " error(s) (see the target's log)") + ", " + elapsed(start);
            if (total > 0 && ready == total) {
                progress.done("initial sync", text);
                return;
            }
            progress.show("initial sync", total == 0 ? 0 : (double) ready / total, text);
            timeout(start, "initial sync", text + "; not ready: " + notReady);
        }
    }

    private void lag(Connection source) throws SQLException {
        long start = System.nanoTime();
        while (true) {
            long lag = slotLag(source, "pg_current_wal_lsn()");
            String text = bytes(lag) + " behind (threshold " + bytes(limits.maxLagBytes()) + "), " + elapsed(start);
            if (lag <= limits.maxLagBytes()) {
                progress.done("replication lag", text);
                return;
            }
            progress.show("replication lag", -1, text);
            timeout(start, "replication lag", text);
        }
    }

    private void finalLsn(Connection source) throws SQLException {
        long start = System.nanoTime();
        String finalLsn;
        try (PreparedStatement ps = source.prepareStatement("SELECT pg_current_wal_insert_lsn()::text");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            finalLsn = rs.getString(1);
        }
        long first = -1;
        while (true) {
            long behind = slotLag(source, "'" + finalLsn + "'::pg_lsn");
            first = first < 0 ? Math.max(behind, 1) : first;
            String text = "final LSN " + finalLsn + ", " + bytes(Math.max(behind, 0)) + " to confirm, " + elapsed(start);
            if (behind <= 0) {
                progress.done("final LSN", "the target confirmed " + finalLsn + ", " + elapsed(start));
                return;
            }
            progress.show("final LSN", 1 - (double) behind / first, text);
            timeout(start, "final LSN", text);
        }
    }

    private long slotLag(Connection source, String from) throws SQLException {
        try (PreparedStatement ps = source.prepareStatement("SELECT pg_wal_lsn_diff(" + from + ", confirmed_flush_lsn)::bigint"
                + " FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, manifest.slot());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ApplyException.failed("replication slot " + manifest.slot() + " does not exist on the source", null);
                }
                return rs.getLong(1);
            }
        }
    }

    private void timeout(long start, String gate, String state) {
        if (System.nanoTime() - start > limits.timeout().toNanos()) {
            progress.done(gate, state);
            throw ApplyException.failed("gate '" + gate + "' timed out after " + limits.timeout().toSeconds() + " s: "
                    + state + ". Replication keeps running; run apply again to keep waiting (--gate-timeout raises the"
                    + " limit), or look at lrplan status", null);
        }
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApplyException.failed("interrupted while waiting for " + gate, e);
        }
    }

    private static String elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000_000L + " s";
    }

    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        if (b < 1024 * 1024) {
            return String.format("%.1f kB", b / 1024.0);
        }
        return String.format("%.1f MB", b / (1024.0 * 1024));
    }
}
