package dev.lrplan.catalog;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection's catalog reads: each query by name in its form for the server's version, every
 * row kept for the hash of what was read (when asked), and the helpers that read a row's values.
 */
final class CatalogSession {
    private final Connection conn;

    /** The hash of every row read, or null when none is wanted. */
    private final RowHash hash;

    private int versionNum;

    /**
     * Rows the driver holds at a time (the reads run in a transaction, so it fetches in batches):
     * without it, a query's every row stays in memory until its last has arrived, and at 10,000
     * tables the collector copies them all, once or twice, before they die.
     */
    private static final int FETCH_ROWS = 2000;

    CatalogSession(Connection conn, boolean hashed) {
        this.conn = conn;
        this.hash = hashed ? new RowHash() : null;
    }

    Connection connection() {
        return conn;
    }

    int versionNum() {
        return versionNum;
    }

    void versionNum(int v) {
        versionNum = v;
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    <T> List<T> rows(String kind, RowMapper<T> mapper) throws SQLException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(query(kind));
                ResultSet rs = ps.executeQuery()) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                keep(kind, rs, n);
                out.add(mapper.map(rs));
            }
        }
        return out;
    }

    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = conn.prepareStatement(sql);
        ps.setFetchSize(FETCH_ROWS);
        return ps;
    }

    /** A catalog query by name, in its form for this server's version. */
    String query(String kind) {
        return CatalogQueries.load(kind, versionNum);
    }

    /** Keeps a row for the hash, when there is one. */
    void keep(String kind, ResultSet rs, int n) throws SQLException {
        if (hash != null) {
            hash.keep(kind, rs, n);
        }
    }

    /** The hash of every row kept (only when the session hashes). */
    String sha256() {
        return hash.sha256();
    }

    /** A Java array as a parameter of the given element type. */
    Array array(String type, Object[] values) throws SQLException {
        return conn.createArrayOf(type, values);
    }

    static QualifiedName name(ResultSet rs, String schemaCol, String nameCol) throws SQLException {
        String schema = rs.getString(schemaCol);
        String name = rs.getString(nameCol);
        return schema == null || name == null ? null : new QualifiedName(schema, name);
    }

    static Long longOrNull(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    static Boolean boolOrNull(ResultSet rs, String col) throws SQLException {
        boolean v = rs.getBoolean(col);
        return rs.wasNull() ? null : v;
    }

    static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        List<String> out = new ArrayList<>();
        for (Object v : values) {
            out.add((String) v);
        }
        return out;
    }
}
