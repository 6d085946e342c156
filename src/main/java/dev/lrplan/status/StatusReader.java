package dev.lrplan.status;

import dev.lrplan.apply.Folder;
import dev.lrplan.apply.Ledger;
import dev.lrplan.contract.Manifest.Entry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads a {@link Status} from the two clusters; only reads, never locks a table. */
public final class StatusReader {
    private StatusReader() {}

    /**
     * @param manifest the compiled folder, for the step list and the ledger; null when only a plan
     *     is known
     */
    public static Status read(
            String plan,
            Status.Endpoints clusters,
            String subscription,
            String slot,
            Folder manifest,
            Connection source,
            Connection target)
            throws SQLException {
        List<Status.TableSync> tables = new ArrayList<>();
        boolean pglogical = manifest != null && manifest.strategy().equals("pglogical");
        // pglogical keeps its sync states in its own catalog; its states use the same letters (r =
        // ready).
        String syncQuery =
                pglogical
                        ? "SELECT sync_nspname || '.' || sync_relname, sync_status::text FROM pglogical.local_sync_status l "
                                + "JOIN pglogical.subscription s ON s.sub_id = l.sync_subid WHERE s.sub_name = ? "
                                + "AND sync_relname IS NOT NULL ORDER BY 1"
                        : "SELECT format('%s.%s', quote_ident(n.nspname), quote_ident(c.relname)), r.srsubstate::text "
                                + "FROM pg_subscription_rel r JOIN pg_subscription s ON s.oid = r.srsubid "
                                + "JOIN pg_class c ON c.oid = r.srrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                                + "WHERE s.subname = ? "
                                + "AND s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY 1";
        try (PreparedStatement ps = target.prepareStatement(syncQuery)) {
            ps.setString(1, subscription);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(
                            new Status.TableSync(rs.getString(1), Status.state(rs.getString(2))));
                }
            }
        }
        Status.Slot slotLag = new Status.Slot(false, null, null);
        dev.lrplan.db.Wal wal = dev.lrplan.db.Wal.of(source);
        try (PreparedStatement ps =
                source.prepareStatement(
                        "SELECT active, "
                                + wal.diff()
                                + "("
                                + wal.current()
                                + "(), "
                                + "confirmed_flush_lsn)::bigint FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    slotLag =
                            new Status.Slot(
                                    true, rs.getBoolean(1), (Long) rs.getObject(2, Long.class));
                }
            }
        }
        Status.ApplyLag apply = new Status.ApplyLag(false, null, null, null);
        try (PreparedStatement ps =
                target.prepareStatement(
                        "SELECT pid IS NOT NULL, received_lsn::text, "
                                + "latest_end_lsn::text, extract(epoch FROM clock_timestamp() - latest_end_time)::float8 "
                                + "FROM pg_stat_subscription WHERE subname = ? AND relid IS NULL")) {
            ps.setString(1, subscription);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    apply =
                            new Status.ApplyLag(
                                    rs.getBoolean(1),
                                    rs.getString(2),
                                    rs.getString(3),
                                    (Double) rs.getObject(4, Double.class));
                }
            }
        }
        Status.Errors errors = null;
        if (target.getMetaData().getDatabaseMajorVersion() >= 15 && !pglogical) {
            try (PreparedStatement ps =
                    target.prepareStatement(
                            "SELECT apply_error_count, sync_error_count "
                                    + "FROM pg_stat_subscription_stats WHERE subname = ?")) {
                ps.setString(1, subscription);
                try (ResultSet rs = ps.executeQuery()) {
                    errors =
                            rs.next()
                                    ? new Status.Errors(rs.getLong(1), rs.getLong(2))
                                    : new Status.Errors(0, 0);
                }
            }
        }
        List<Status.SequenceGap> sequences = sequences(source, target);
        List<Status.Step> steps = new ArrayList<>();
        Status.Step next = null;
        if (manifest != null) {
            Map<Integer, Ledger.Attempt> attempts = Ledger.read(target, manifest.planName());
            for (Entry e : manifest.steps()) {
                Ledger.Attempt a = attempts.get(e.number());
                String state =
                        a == null
                                ? "pending"
                                : a.succeeded()
                                        ? "succeeded"
                                        : a.outcome().equals("running")
                                                ? "running now (or interrupted)"
                                                : a.outcome();
                Status.Step step =
                        new Status.Step(e.number(), e.name(), e.file(), e.cluster().label(), state);
                steps.add(step);
                if (next == null && (a == null || !a.done())) {
                    next = step;
                }
            }
        }
        Status.Rollback rollback =
                manifest != null && manifest.rollbackSubscription() != null
                        ? RollbackReader.read(manifest, source, target)
                        : null;
        return new Status(
                plan,
                clusters,
                subscription,
                slot,
                tables,
                slotLag,
                apply,
                errors,
                sequences,
                steps,
                next,
                rollback);
    }

    /** Sequences present on both clusters by name (10 and later, where pg_sequences exists). */
    private static List<Status.SequenceGap> sequences(Connection source, Connection target)
            throws SQLException {
        if (source.getMetaData().getDatabaseMajorVersion() < 10
                || target.getMetaData().getDatabaseMajorVersion() < 10) {
            return List.of();
        }
        Map<String, Long> s = lastValues(source);
        Map<String, Long> t = lastValues(target);
        List<Status.SequenceGap> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : s.entrySet()) {
            if (t.containsKey(e.getKey())) {
                Long sv = e.getValue();
                Long tv = t.get(e.getKey());
                // pg_sequences shows NULL until nextval was first called: count that as 0
                Long ahead =
                        sv == null && tv == null
                                ? null
                                : (tv == null ? 0 : tv) - (sv == null ? 0 : sv);
                out.add(new Status.SequenceGap(e.getKey(), sv, tv, ahead));
            }
        }
        return out;
    }

    private static Map<String, Long> lastValues(Connection c) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (PreparedStatement ps =
                        c.prepareStatement(
                                "SELECT format('%I.%I', schemaname, sequencename), last_value "
                                        + "FROM pg_sequences WHERE schemaname NOT IN ('pg_catalog', 'information_schema', 'lrplan')");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), (Long) rs.getObject(2, Long.class));
            }
        }
        return out;
    }
}
