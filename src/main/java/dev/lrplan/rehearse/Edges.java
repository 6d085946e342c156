package dev.lrplan.rehearse;

import dev.lrplan.catalog.Column;
import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.diff.Diff;
import dev.lrplan.diff.TableMove;
import dev.lrplan.sql.Ident;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Edge values for every type change the diff found, planted as extra rows on the old cluster: the
 * largest value of the old type, a string at the new length limit, a time-zone-sensitive timestamp.
 * Where the new type is narrower, one value beyond its limit too: the plan's data check should stop
 * on it, and the rehearsal reports that as caught (then removes the row and goes on).
 */
final class Edges {
    private static final Pattern LENGTH =
            Pattern.compile("^(character varying|character|varchar|char)\\((\\d+)\\)$");
    private static final Pattern NUMERIC = Pattern.compile("^numeric\\((\\d+),(\\d+)\\)$");

    /** One edge row. */
    static final class Edge {
        final QualifiedName table;
        final String column;
        final String from;
        final String to;
        final String value;
        final String what;
        final boolean expectCaught;
        private long g;
        private boolean planted;
        private boolean removed;
        private String refusal;

        Edge(
                QualifiedName table,
                String column,
                String from,
                String to,
                String value,
                String what,
                boolean expectCaught) {
            this.table = table;
            this.column = column;
            this.from = from;
            this.to = to;
            this.value = value;
            this.what = what;
            this.expectCaught = expectCaught;
        }

        boolean planted() {
            return planted;
        }

        boolean removed() {
            return removed;
        }

        boolean expectCaught() {
            return expectCaught;
        }

        /** Why the row could not be planted (a CHECK, a foreign key), or null. */
        String refusal() {
            return refusal;
        }

        String describe() {
            return what + " in " + table.display() + "." + column + " (" + from + " → " + to + ")";
        }

        void remove(Connection c) throws SQLException {
            try (Statement st = c.createStatement()) {
                st.executeUpdate(
                        "DELETE FROM "
                                + Generator.qualified(table)
                                + " WHERE "
                                + Ident.of(column).sql()
                                + " = CAST("
                                + value
                                + " AS "
                                + from
                                + ")");
            }
            removed = true;
        }
    }

    private Edges() {}

    /** Plants the edge rows, parents first, so a child's edge can reference its parent's. */
    static List<Edge> plant(
            Connection c, Generator gen, Diff diff, long rows, List<QualifiedName> order) {
        List<Edge> edges = new ArrayList<>();
        for (TableMove m : diff.tables()) {
            if (m.source() == null || m.target() == null) {
                continue;
            }
            for (Column s : m.source().columns()) {
                String targetName = s.name();
                for (var r : m.renames()) {
                    if (r.oldColumn().equals(s.name())) {
                        targetName = r.newColumn();
                    }
                }
                var t = m.target().column(targetName);
                if (t.isEmpty() || t.get().type().equals(s.type())) {
                    continue;
                }
                edges.addAll(edges(m.name(), s.name(), s.type(), t.get().type()));
            }
        }
        edges.sort(java.util.Comparator.comparingInt(e -> order.indexOf(e.table)));
        long g = rows + 1_000_000L;
        for (Edge e : edges) {
            e.g = g++;
            try {
                Generator.Filled f = gen.fill(c, e.table, e.g, e.g, Map.of(e.column, e.value));
                e.planted = f.rows() == 1;
                e.refusal = f.firstRefusal();
            } catch (SQLException ex) {
                e.planted = false;
                e.refusal = ex.getMessage();
            }
        }
        return edges;
    }

    static List<Edge> edges(QualifiedName t, String col, String from, String to) {
        List<Edge> out = new ArrayList<>();
        long oldMax = intMax(from);
        if (oldMax > 0) {
            long newMax = intMax(to);
            out.add(
                    new Edge(
                            t,
                            col,
                            from,
                            to,
                            Long.toString(oldMax),
                            "the largest " + from,
                            newMax > 0 && newMax < oldMax));
        }
        int oldLen = length(from);
        int newLen = length(to);
        boolean oldText = oldLen > 0 || from.equals("text");
        if (oldText && newLen > 0) {
            int fits = oldLen > 0 ? Math.min(oldLen, newLen) : newLen;
            out.add(
                    new Edge(
                            t,
                            col,
                            from,
                            to,
                            "repeat('x', " + fits + ")",
                            "a string of " + fits + " characters",
                            false));
            if (oldLen < 0 || oldLen > newLen) {
                out.add(
                        new Edge(
                                t,
                                col,
                                from,
                                to,
                                "repeat('y', " + (newLen + 1) + ")",
                                "a string of " + (newLen + 1) + " characters, beyond the new limit",
                                true));
            }
        }
        Matcher a = NUMERIC.matcher(from);
        if (a.matches()) {
            int digits = Integer.parseInt(a.group(1)) - Integer.parseInt(a.group(2));
            int scale = Integer.parseInt(a.group(2));
            if (digits > 0) {
                String max = "9".repeat(digits) + (scale > 0 ? "." + "9".repeat(scale) : "");
                Matcher b = NUMERIC.matcher(to);
                boolean narrower =
                        b.matches()
                                && Integer.parseInt(b.group(1)) - Integer.parseInt(b.group(2))
                                        < digits;
                out.add(new Edge(t, col, from, to, max, "the largest " + from, narrower));
            }
        }
        boolean tsFrom = from.startsWith("timestamp");
        boolean tsTo = to.startsWith("timestamp");
        if (tsFrom && tsTo) {
            out.add(
                    new Edge(
                            t,
                            col,
                            from,
                            to,
                            "'2021-03-28 02:30:00'",
                            "a local time that a daylight-saving change skips",
                            false));
        }
        return out;
    }

    private static long intMax(String type) {
        return switch (type) {
            case "smallint" -> Short.MAX_VALUE;
            case "integer" -> Integer.MAX_VALUE;
            case "bigint" -> Long.MAX_VALUE;
            default -> -1;
        };
    }

    private static int length(String type) {
        Matcher m = LENGTH.matcher(type);
        return m.matches() ? Integer.parseInt(m.group(2)) : -1;
    }
}
