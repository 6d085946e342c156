package dev.lrplan.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SHA-256 of what a server sent for a catalog: for every catalog query, its name and number of
 * rows, then each row's values as their bytes on the wire, each after its length (or NULL's
 * marker), the rows in byte order (a plan may return them in any order). The same database gives
 * the same hash; read once, never serialised again.
 */
final class RowHash {
    private final java.security.MessageDigest sha256;

    RowHash() {
        try {
            this.sha256 = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** Every row read, by query, as the bytes the hash takes. */
    private final Map<String, List<byte[]>> readRows = new TreeMap<>();

    /** The row being kept: grown as needed, reused for every row. */
    private byte[] row = new byte[256];

    private int rowLength;

    /** Keeps a row's values for the hash: each value's length, then its bytes. */
    void keep(String kind, ResultSet rs, int n) throws SQLException {
        rowLength = 0;
        for (int col = 1; col <= n; col++) {
            byte[] v = rs.getBytes(col);
            int len = v == null ? -1 : v.length;
            grow(4 + Math.max(len, 0));
            row[rowLength++] = (byte) (len >>> 24);
            row[rowLength++] = (byte) (len >>> 16);
            row[rowLength++] = (byte) (len >>> 8);
            row[rowLength++] = (byte) len;
            if (v != null) {
                System.arraycopy(v, 0, row, rowLength, len);
                rowLength += len;
            }
        }
        readRows.computeIfAbsent(kind, k -> new ArrayList<>())
                .add(java.util.Arrays.copyOf(row, rowLength));
    }

    private void grow(int more) {
        if (rowLength + more > row.length) {
            row = java.util.Arrays.copyOf(row, Math.max(row.length * 2, rowLength + more));
        }
    }

    String sha256() {
        int total = 0;
        for (var e : readRows.entrySet()) {
            total += e.getKey().length() + 1 + 4;
            for (byte[] r : e.getValue()) {
                total += r.length;
            }
        }
        byte[] all = new byte[total];
        int at = 0;
        for (var e : readRows.entrySet()) {
            List<byte[]> rows = e.getValue();
            rows.sort(java.util.Arrays::compare);
            byte[] k = e.getKey().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(k, 0, all, at, k.length);
            at += k.length + 1;
            // The number of rows: where one query's rows end is never a guess.
            all[at++] = (byte) (rows.size() >>> 24);
            all[at++] = (byte) (rows.size() >>> 16);
            all[at++] = (byte) (rows.size() >>> 8);
            all[at++] = (byte) rows.size();
            for (byte[] r : rows) {
                System.arraycopy(r, 0, all, at, r.length);
                at += r.length;
            }
        }
        // One call: SHA-256 is fastest over one long array.
        return java.util.HexFormat.of().formatHex(sha256.digest(all));
    }
}
