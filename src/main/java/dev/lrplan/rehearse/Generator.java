package dev.lrplan.rehearse;

import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.sql.Ident;
import dev.lrplan.sql.Literal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Rows for a rehearsal, generated on the server by one {@code INSERT … SELECT … FROM
 * generate_series} per table, from the catalog alone: a value of each column's type from the row
 * number {@code g} (distinct where a unique key needs it), NULL in every seventh row where the
 * column allows it, foreign keys taken from the parent's rows (parents filled first), columns fed
 * by a sequence (serial, identity) and generated columns left to the server. A table whose CHECK
 * constraints or partition bounds refuse some rows is filled row by row, each refused row counted
 * with the first reason. Edge rows (a column set to one value) are added the same way.
 */
final class Generator {
    /** What one table received. */
    record Filled(QualifiedName table, long rows, long refused, String firstRefusal) {}

    private final Shapes shapes;
    private final Map<QualifiedName, Long> counts = new java.util.concurrent.ConcurrentHashMap<>();

    Generator(Shapes shapes) {
        this.shapes = shapes;
    }

    /** Tables parents first (foreign keys), then by name; a cycle is cut where it closes. */
    List<QualifiedName> order() {
        List<QualifiedName> out = new ArrayList<>();
        Set<QualifiedName> done = new LinkedHashSet<>();
        Set<QualifiedName> visiting = new LinkedHashSet<>();
        for (QualifiedName t : new java.util.TreeSet<>(shapes.tables.keySet())) {
            visit(t, done, visiting, out);
        }
        return out;
    }

    private void visit(
            QualifiedName t,
            Set<QualifiedName> done,
            Set<QualifiedName> visiting,
            List<QualifiedName> out) {
        if (done.contains(t) || visiting.contains(t) || !shapes.tables.containsKey(t)) {
            return;
        }
        visiting.add(t);
        for (Shapes.ForeignKey fk : shapes.tables.get(t).foreignKeys()) {
            if (!fk.parent().equals(t)) {
                visit(fk.parent(), done, visiting, out);
            }
        }
        visiting.remove(t);
        done.add(t);
        out.add(t);
    }

    /** Fills rows {@code from..to} of the table (g runs over them). */
    Filled fill(Connection c, QualifiedName table, long from, long to) throws SQLException {
        return fill(c, table, from, to, Map.of());
    }

    /**
     * As {@link #fill(Connection, QualifiedName, long, long)}, with some columns set to a fixed SQL
     * value instead of the generated one.
     */
    Filled fill(
            Connection c, QualifiedName table, long from, long to, Map<String, String> overrides)
            throws SQLException {
        Shapes.Shape s = shapes.tables.get(table);
        String bulk =
                insert(s, "generate_series(" + from + "::bigint, " + to + "::bigint)", overrides);
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            try {
                long n = st.executeUpdate(bulk);
                counts.merge(table, n, Long::sum);
                return new Filled(table, n, 0, null);
            } catch (SQLException e) {
                // Row by row, so that one refused row does not cost the others.
                String one = insert(s, "(SELECT i::bigint AS g) AS s0", overrides);
                if (one.contains("$lrplan_fill$")) {
                    throw e;
                }
                st.execute(
                        "DO $lrplan_fill$ DECLARE ok bigint := 0; bad bigint := 0; first text;"
                                + " BEGIN FOR i IN "
                                + from
                                + ".."
                                + to
                                + " LOOP BEGIN "
                                + one
                                + "; ok := ok + 1; EXCEPTION WHEN others THEN bad := bad + 1;"
                                + " first := coalesce(first, SQLERRM); END; END LOOP;"
                                + " PERFORM set_config('lrplan.fill', ok || ' ' || bad || ' ' ||"
                                + " coalesce(first, ''), false); END $lrplan_fill$");
                try (ResultSet rs = st.executeQuery("SELECT current_setting('lrplan.fill')")) {
                    rs.next();
                    String[] f = rs.getString(1).split(" ", 3);
                    long ok = Long.parseLong(f[0]);
                    counts.merge(table, ok, Long::sum);
                    return new Filled(
                            table,
                            ok,
                            Long.parseLong(f[1]),
                            f.length > 2 && !f[2].isEmpty() ? f[2] : e.getMessage());
                }
            }
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** The INSERT for rows drawn from {@code rowsSource}, a FROM item yielding column g. */
    String insert(Shapes.Shape s, String rowsSource, Map<String, String> overrides) {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        StringBuilder joins = new StringBuilder();
        Map<String, String> fromForeignKey = new LinkedHashMap<>();
        long stride = 1;
        int k = 0;
        for (Shapes.ForeignKey fk : s.foreignKeys()) {
            long parentRows =
                    fk.parent().equals(s.name()) ? 0 : counts.getOrDefault(fk.parent(), 0L);
            if (fk.columns().stream().anyMatch(fromForeignKey::containsKey)) {
                continue; // a column in two foreign keys: the first one decides
            }
            if (parentRows == 0) {
                fk.columns().forEach(col -> fromForeignKey.put(col, "NULL"));
                continue;
            }
            String alias = "fk" + k++;
            String parentCols =
                    fk.parentColumns().stream()
                            .map(p -> Ident.of(p).sql())
                            .collect(Collectors.joining(", "));
            String notNull =
                    fk.parentColumns().stream()
                            .map(p -> Ident.of(p).sql() + " IS NOT NULL")
                            .collect(Collectors.joining(" AND "));
            joins.append(" LEFT JOIN (SELECT row_number() OVER () AS rn, ")
                    .append(parentCols)
                    .append(" FROM ")
                    .append(qualified(fk.parent()))
                    .append(" WHERE ")
                    .append(notNull)
                    .append(") ")
                    .append(alias)
                    .append(" ON ")
                    .append(alias)
                    .append(".rn = 1 + ((g - 1) / ")
                    .append(stride)
                    .append(") % ")
                    .append(parentRows);
            stride = Math.min(stride * Math.max(parentRows, 1), 1L << 40);
            for (int i = 0; i < fk.columns().size(); i++) {
                fromForeignKey.put(
                        fk.columns().get(i),
                        alias + "." + Ident.of(fk.parentColumns().get(i)).sql());
            }
        }
        for (Shapes.Col col : s.columns()) {
            String override = overrides.get(col.name());
            String value;
            if (override != null) {
                value = override;
            } else if (col.generated() || col.fromSequence()) {
                continue;
            } else if (fromForeignKey.containsKey(col.name())) {
                value = fromForeignKey.get(col.name());
                if (!col.notNull() && !value.equals("NULL")) {
                    value = "CASE WHEN g % 11 = 0 THEN NULL ELSE " + value + " END";
                }
            } else {
                String v = checkedValue(s, col);
                v = v != null ? v : value(col.typeOid(), col.typmod(), "g", 0);
                if (v == null) {
                    // No value of this type: the column gets its default or NULL, and the verdict
                    // says the rehearsal did not exercise it.
                    unvalued.add(s.name().display() + "." + col.name() + " (" + col.type() + ")");
                    if (col.defaultExpr() != null || !col.notNull()) {
                        continue; // the default, or NULL
                    }
                    v = "NULL";
                }
                boolean keyed = s.unique().contains(col.name());
                value =
                        !col.notNull() && !keyed
                                ? "CASE WHEN g % 7 = 0 THEN NULL ELSE " + v + " END"
                                : v;
            }
            names.add(Ident.of(col.name()).sql());
            values.add("CAST(" + value + " AS " + col.type() + ")");
        }
        if (names.isEmpty()) {
            return "INSERT INTO " + qualified(s.name()) + " SELECT FROM " + rowsSource + " AS r(g)";
        }
        return "INSERT INTO "
                + qualified(s.name())
                + " ("
                + String.join(", ", names)
                + ") SELECT "
                + String.join(", ", values)
                + " FROM "
                + rowsSource
                + (rowsSource.startsWith("generate_series") ? " AS g" : "")
                + joins;
    }

    /**
     * A SQL expression of the type from the bigint expression {@code g}, or null when the generator
     * has no value for it (the column then takes its default, or NULL).
     */
    String value(long typeOid, int typmod, String g, int depth) {
        Shapes.Type declared = shapes.types.get(typeOid);
        if (declared == null || depth > 3) {
            return null;
        }
        if (declared.typtype() == 'd') {
            return value(declared.baseType(), declared.baseTypmod(), g, depth + 1);
        }
        if (declared.typtype() == 'e') {
            String range = "pg_catalog.enum_range(NULL::" + declared.formatted() + ")";
            return "(" + range + ")[1 + (" + g + ") % pg_catalog.cardinality(" + range + ")]";
        }
        if (declared.category() == 'A' && declared.element() != 0) {
            String e = value(declared.element(), -1, g, depth + 1);
            return e == null ? null : "ARRAY[" + e + "]";
        }
        int len = typmod > 4 ? typmod - 4 : -1;
        return switch (declared.name()) {
            case "int2" -> "((" + g + ") % 32767)";
            case "int4", "oid" -> "((" + g + ") % 2147483647)";
            case "int8" -> "(" + g + ")";
            case "numeric" -> numeric(typmod, g);
            case "float4", "float8" -> "((" + g + ")::float8 / 4)";
            case "money" -> "((" + g + ") % 1000000)::numeric::money";
            case "text", "citext", "name" -> "('r' || (" + g + ")::text)";
            case "varchar", "bpchar" ->
                    len > 0
                            ? "right('r' || (" + g + ")::text, " + len + ")"
                            : "('r' || (" + g + ")::text)";
            case "char" -> "'x'";
            case "bool" -> "((" + g + ") % 2 = 0)";
            case "date" -> "(date '2001-01-01' + ((" + g + ") % 2000000)::int)";
            case "timestamp" ->
                    "(timestamp '2001-01-01 00:00:00' + (" + g + ") * interval '1 minute')";
            case "timestamptz" ->
                    "(timestamptz '2001-01-01 00:00:00+00' + (" + g + ") * interval '1 minute')";
            case "time" -> "(time '00:00' + ((" + g + ") % 86400) * interval '1 second')";
            case "timetz" -> "(timetz '00:00+00' + ((" + g + ") % 86400) * interval '1 second')";
            case "interval" -> "((" + g + ") * interval '1 second')";
            case "uuid" -> "md5((" + g + ")::text || 'u')::uuid";
            case "json" -> "json_build_object('g', " + g + ")";
            case "jsonb" -> "jsonb_build_object('g', " + g + ")";
            case "bytea" -> "decode(repeat(md5((" + g + ")::text), 4), 'hex')";
            case "inet" -> "('10.0.0.0'::inet + ((" + g + ") % 16000000))";
            case "cidr" -> "set_masklen('10.0.0.0'::inet + ((" + g + ") % 16000000), 32)::cidr";
            case "xml" -> "xmlparse(content '<r>' || (" + g + ")::text || '</r>')";
            case "tsvector" -> "to_tsvector('simple', 'r' || (" + g + ")::text)";
            case "bit", "varbit" -> "((" + g + ") % 2)::bit(1)";
            default -> null;
        };
    }

    /**
     * A value a simple CHECK takes: one of the literals of an IN list, or for a number a small
     * positive one (1 to 5: BETWEEN 1 AND 5, {@code > 0}, {@code <= 100}). Null when neither fits.
     */
    private String checkedValue(Shapes.Shape s, Shapes.Col col) {
        if (!s.checked().contains(col.name()) || s.unique().contains(col.name())) {
            return null;
        }
        List<String> lits = s.checkLiterals().get(col.name());
        if (lits != null) {
            String array = lits.stream().map(Generator::literal).collect(Collectors.joining(", "));
            return "(ARRAY[" + array + "])[1 + (g % " + lits.size() + ")]";
        }
        Shapes.Type t = shapes.base(col.typeOid());
        if (t != null && t.category() == 'N') {
            return "(1 + (g % 5))";
        }
        return null;
    }

    private static String numeric(int typmod, String g) {
        if (typmod < 4) {
            return "((" + g + ")::numeric + 0.25)";
        }
        int precision = ((typmod - 4) >> 16) & 0xffff;
        int scale = (typmod - 4) & 0xffff;
        int digits = Math.min(precision - scale, 15);
        if (digits <= 0) {
            return "0";
        }
        return "((" + g + ") % " + pow10(digits) + ")::numeric";
    }

    static String pow10(int digits) {
        return "1" + "0".repeat(digits);
    }

    static String qualified(QualifiedName t) {
        return Ident.of(t.schema()).sql() + "." + Ident.of(t.name()).sql();
    }

    static String literal(String s) {
        return Literal.of(s).sql();
    }

    /** Columns of a type the generator has no value for (they took their default, or NULL). */
    java.util.SortedSet<String> unvalued() {
        return new java.util.TreeSet<>(unvalued);
    }

    private final Set<String> unvalued = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Shapes shapes() {
        return shapes;
    }
}
