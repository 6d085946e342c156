package dev.lrplan.apply;

import java.io.PrintWriter;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Shows query results as psql does: aligned tables with a row count by default; with {@code \pset
 * format unaligned} and {@code \pset tuples_only on}, bare rows with fields joined by {@code |}.
 */
final class ResultPrinter {
    boolean unaligned;
    boolean tuplesOnly;

    /**
     * Prints the result and returns its rows as unaligned lines (what a step that emits SQL
     * produces).
     */
    List<String> print(ResultSet rs, PrintWriter out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String[]> rows = new ArrayList<>();
        while (rs.next()) {
            String[] row = new String[n];
            for (int i = 0; i < n; i++) {
                String v = rs.getString(i + 1);
                row[i] = v == null ? "" : v;
            }
            rows.add(row);
        }
        List<String> lines = new ArrayList<>();
        for (String[] r : rows) {
            lines.add(String.join("|", r));
        }
        if (unaligned) {
            if (!tuplesOnly) {
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    names.add(md.getColumnLabel(i));
                }
                out.println(String.join("|", names));
            }
            // Shown with control characters escaped (a value may carry a name from the catalog);
            // returned raw.
            lines.forEach(l -> out.println(dev.lrplan.sql.Sql.printableLines(l)));
            if (!tuplesOnly) {
                out.println(footer(rows.size()));
            }
        } else {
            aligned(md, rows, out);
        }
        out.flush();
        return lines;
    }

    private void aligned(ResultSetMetaData md, List<String[]> rows, PrintWriter out)
            throws SQLException {
        int n = md.getColumnCount();
        int[] width = new int[n];
        boolean[] right = new boolean[n];
        for (int i = 0; i < n; i++) {
            width[i] = tuplesOnly ? 0 : md.getColumnLabel(i + 1).length();
            right[i] = numeric(md.getColumnType(i + 1));
            for (String[] r : rows) {
                width[i] =
                        Math.max(
                                width[i],
                                dev.lrplan.sql.Sql.printable(r[i].replace('\n', ' ')).length());
            }
        }
        if (!tuplesOnly) {
            StringBuilder h = new StringBuilder();
            StringBuilder sep = new StringBuilder();
            for (int i = 0; i < n; i++) {
                String name = md.getColumnLabel(i + 1);
                int pad = width[i] - name.length();
                h.append(i == 0 ? " " : " | ")
                        .append(" ".repeat(pad / 2))
                        .append(name)
                        .append(" ".repeat(pad - pad / 2));
                sep.append(i == 0 ? "-" : "-+-").append("-".repeat(width[i]));
            }
            out.println(h.toString().stripTrailing());
            out.println(sep.append('-'));
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < n; i++) {
                String v = dev.lrplan.sql.Sql.printable(r[i].replace('\n', ' '));
                String cell =
                        right[i]
                                ? " ".repeat(width[i] - v.length()) + v
                                : v + " ".repeat(width[i] - v.length());
                line.append(i == 0 ? " " : " | ").append(cell);
            }
            out.println(line.toString().stripTrailing());
        }
        if (!tuplesOnly) {
            out.println(footer(rows.size()));
            out.println();
        }
    }

    private static String footer(int rows) {
        return "(" + rows + (rows == 1 ? " row)" : " rows)");
    }

    private static boolean numeric(int type) {
        return switch (type) {
            case Types.INTEGER,
                    Types.BIGINT,
                    Types.SMALLINT,
                    Types.NUMERIC,
                    Types.DECIMAL,
                    Types.DOUBLE,
                    Types.REAL,
                    Types.FLOAT ->
                    true;
            default -> false;
        };
    }
}
