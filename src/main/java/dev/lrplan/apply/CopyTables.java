package dev.lrplan.apply;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables the copy moves (those of the forward publications), their columns on each side, and
 * how each is split into ranges: by an integer primary key, else (sources from 14, which scan TID
 * ranges) by block ranges, when it is larger than the range size.
 */
final class CopyTables {
    /**
     * @param columns the source's columns in attnum order: the column list of both COPYs, so shims
     *     and renamed columns' old names are filled on the target
     * @param binary every column has the same built-in type on both sides
     */
    record Info(
            String relation,
            List<String> columns,
            boolean binary,
            String intKey,
            long bytes,
            int blockSize,
            boolean partitioned) {}

    private static final int MAX_RANGES = 64;

    private CopyTables() {}

    static List<String> published(Connection source, List<String> publications)
            throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps =
                source.prepareStatement(ApplyQueries.sql("copy/publication_tables.sql"))) {
            ps.setArray(1, source.createArrayOf("text", publications.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    static Map<String, Info> read(Connection source, Connection target, List<String> relations)
            throws SQLException {
        Map<String, Row> src = rows(source, relations);
        Map<String, Row> tgt = rows(target, relations);
        Map<String, Info> out = new LinkedHashMap<>();
        for (String rel : relations) {
            Row s = src.get(rel);
            Row t = tgt.get(rel);
            if (s == null || t == null) {
                throw new SQLException(
                        "table "
                                + dev.lrplan.sql.Sql.printable(rel)
                                + " is missing on the "
                                + (s == null ? "source" : "target"));
            }
            Map<String, String> targetTypes = new HashMap<>();
            for (int i = 0; i < t.columns.size(); i++) {
                targetTypes.put(t.columns.get(i), t.types.get(i));
            }
            boolean sameTypes = s.builtin && t.builtin;
            for (int i = 0; i < s.columns.size() && sameTypes; i++) {
                sameTypes = s.types.get(i).equals(targetTypes.get(s.columns.get(i)));
            }
            out.put(
                    rel,
                    new Info(
                            rel,
                            s.columns,
                            sameTypes,
                            s.partitioned ? null : s.intKey,
                            s.bytes,
                            s.blockSize,
                            s.partitioned));
        }
        return out;
    }

    /**
     * The ranges of each table, read under the copy's snapshot on {@code snapshotSession} (the
     * key's bounds are those the copy sees).
     */
    static List<CopyLedger.Range> plan(
            Connection snapshotSession,
            int sourceVersionNum,
            Map<String, Info> tables,
            long rangeBytes)
            throws SQLException {
        List<CopyLedger.Range> out = new ArrayList<>();
        for (Info t : tables.values()) {
            int pieces = (int) Math.min(MAX_RANGES, Math.max(1, ceilDiv(t.bytes(), rangeBytes)));
            List<String> predicates = List.of();
            if (pieces > 1 && t.intKey() != null) {
                predicates = keyRanges(snapshotSession, t, pieces);
            } else if (pieces > 1 && sourceVersionNum >= 140000 && !t.partitioned()) {
                predicates = blockRanges(t, pieces);
            }
            if (predicates.isEmpty()) {
                out.add(
                        new CopyLedger.Range(
                                t.relation(), 1, null, t.bytes(), t.binary(), false, 0, 0));
            } else {
                for (int i = 0; i < predicates.size(); i++) {
                    out.add(
                            new CopyLedger.Range(
                                    t.relation(),
                                    i + 1,
                                    predicates.get(i),
                                    t.bytes() / predicates.size(),
                                    t.binary(),
                                    false,
                                    0,
                                    0));
                }
            }
        }
        return out;
    }

    private static List<String> keyRanges(Connection c, Info t, int pieces) throws SQLException {
        String key = dev.lrplan.sql.Sql.ident(t.intKey());
        long min;
        long max;
        try (var st = c.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT min(" + key + "), max(" + key + ") FROM " + t.relation())) {
            rs.next();
            min = rs.getLong(1);
            if (rs.wasNull()) {
                return List.of();
            }
            max = rs.getLong(2);
        }
        long span = max - min + 1;
        if (span <= pieces) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        long width = span / pieces;
        for (int i = 0; i < pieces; i++) {
            long lo = min + i * width;
            long hi = lo + width;
            if (i == 0) {
                out.add(key + " < " + hi);
            } else if (i == pieces - 1) {
                out.add(key + " >= " + lo);
            } else {
                out.add(key + " >= " + lo + " AND " + key + " < " + hi);
            }
        }
        return out;
    }

    /** ctid ranges by block; the last is open, so rows in blocks added since are not missed. */
    private static List<String> blockRanges(Info t, int pieces) {
        long blocks = Math.max(1, t.bytes() / t.blockSize());
        long width = Math.max(1, ceilDiv(blocks, pieces));
        List<String> out = new ArrayList<>();
        for (long lo = 0; lo < blocks; lo += width) {
            long hi = lo + width;
            String from = "ctid >= '(" + lo + ",0)'::tid";
            String to = "ctid < '(" + hi + ",0)'::tid";
            out.add(lo == 0 ? to : hi >= blocks ? from : from + " AND " + to);
        }
        return out.size() < 2 ? List.of() : out;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private record Row(
            List<String> columns,
            List<String> types,
            boolean builtin,
            String intKey,
            long bytes,
            int blockSize,
            boolean partitioned) {}

    private static Map<String, Row> rows(Connection c, List<String> relations) throws SQLException {
        int version = c.getMetaData().getDatabaseMajorVersion() * 10000;
        Map<String, Row> out = new HashMap<>();
        try (PreparedStatement ps =
                c.prepareStatement(ApplyQueries.sql("copy/tables", version, 100000, 120000))) {
            ps.setArray(1, c.createArrayOf("text", relations.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(
                            rs.getString("relation"),
                            new Row(
                                    strings(rs.getArray("columns")),
                                    strings(rs.getArray("types")),
                                    rs.getBoolean("builtin"),
                                    rs.getString("int_key"),
                                    rs.getLong("bytes"),
                                    rs.getInt("block_size"),
                                    rs.getBoolean("partitioned")));
                }
            }
        }
        return out;
    }

    private static List<String> strings(Array a) throws SQLException {
        return Arrays.stream((Object[]) a.getArray()).map(String::valueOf).toList();
    }
}
