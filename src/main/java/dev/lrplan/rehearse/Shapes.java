package dev.lrplan.rehearse;

import dev.lrplan.catalog.QualifiedName;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the data generator needs to know of a live database's tables, read from its catalog: every
 * column with its type resolved through domains and arrays, which columns are unique, the foreign
 * keys and the CHECK constraints' columns. Tables that extensions own and partitions are left out
 * (rows reach partitions through their parent).
 */
final class Shapes {
    /** A type as the generator sees it: its own name and category, after domains. */
    record Type(
            long oid,
            String name,
            String formatted,
            char typtype,
            char category,
            long baseType,
            int baseTypmod,
            long element) {}

    record Col(
            int num,
            String name,
            String type,
            long typeOid,
            int typmod,
            boolean notNull,
            boolean identity,
            boolean generated,
            String defaultExpr) {
        boolean fromSequence() {
            return identity || (defaultExpr != null && defaultExpr.startsWith("nextval("));
        }
    }

    record ForeignKey(List<String> columns, QualifiedName parent, List<String> parentColumns) {}

    record Shape(
            QualifiedName name,
            boolean partitioned,
            List<Col> columns,
            Set<String> unique,
            List<List<String>> uniqueKeys,
            List<ForeignKey> foreignKeys,
            Set<String> checked,
            Map<String, List<String>> checkLiterals) {}

    private static final java.util.regex.Pattern LITERAL =
            java.util.regex.Pattern.compile("'((?:[^']|'')*)'::");

    final Map<QualifiedName, Shape> tables;
    final Map<Long, Type> types;

    private Shapes(Map<QualifiedName, Shape> tables, Map<Long, Type> types) {
        this.tables = tables;
        this.types = types;
    }

    /** The type behind a column: domains resolved to their base type. */
    Type base(long oid) {
        Type t = types.get(oid);
        int guard = 0;
        while (t != null && t.typtype() == 'd' && guard++ < 10) {
            t = types.get(t.baseType());
        }
        return t;
    }

    static Shapes read(Connection c) throws SQLException {
        int version = c.getMetaData().getDatabaseMajorVersion() * 10000;
        Map<Long, Type> types = new HashMap<>();
        try (Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT t.oid::bigint, t.typname, pg_catalog.format_type(t.oid, NULL),"
                                        + " t.typtype::text, t.typcategory::text, t.typbasetype::bigint,"
                                        + " t.typtypmod, t.typelem::bigint FROM pg_catalog.pg_type t")) {
            while (rs.next()) {
                types.put(
                        rs.getLong(1),
                        new Type(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4).charAt(0),
                                rs.getString(5).charAt(0),
                                rs.getLong(6),
                                rs.getInt(7),
                                rs.getLong(8)));
            }
        }
        String partition = version >= 100000 ? "c.relispartition" : "false";
        String identity = version >= 100000 ? "a.attidentity <> ''" : "false";
        String generated = version >= 120000 ? "a.attgenerated <> ''" : "false";
        Map<Long, QualifiedName> names = new HashMap<>();
        Map<QualifiedName, List<Col>> columns = new LinkedHashMap<>();
        Map<QualifiedName, Boolean> partitioned = new HashMap<>();
        try (Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT c.oid::bigint, n.nspname, c.relname, c.relkind::text, a.attnum,"
                                        + " a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),"
                                        + " a.atttypid::bigint, a.atttypmod, a.attnotnull, "
                                        + identity
                                        + ", "
                                        + generated
                                        + ", pg_catalog.pg_get_expr(d.adbin, d.adrelid)"
                                        + " FROM pg_catalog.pg_class c"
                                        + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                                        + " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0"
                                        + "  AND NOT a.attisdropped"
                                        + " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum"
                                        + " WHERE c.relkind IN ('r', 'p') AND NOT "
                                        + partition
                                        + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                                        + " AND n.nspname NOT LIKE 'pg\\_%'"
                                        + " AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend e WHERE e.classid ="
                                        + " 'pg_catalog.pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')"
                                        + " ORDER BY n.nspname, c.relname, a.attnum")) {
            while (rs.next()) {
                QualifiedName name = new QualifiedName(rs.getString(2), rs.getString(3));
                names.put(rs.getLong(1), name);
                partitioned.put(name, rs.getString(4).equals("p"));
                columns.computeIfAbsent(name, k -> new ArrayList<>())
                        .add(
                                new Col(
                                        rs.getInt(5),
                                        rs.getString(6),
                                        rs.getString(7),
                                        rs.getLong(8),
                                        rs.getInt(9),
                                        rs.getBoolean(10),
                                        rs.getBoolean(11),
                                        rs.getBoolean(12),
                                        rs.getString(13)));
            }
        }
        Map<QualifiedName, Set<String>> unique = new HashMap<>();
        Map<QualifiedName, List<List<String>>> uniqueKeys = new HashMap<>();
        Map<QualifiedName, List<ForeignKey>> fks = new HashMap<>();
        Map<QualifiedName, Set<String>> checked = new HashMap<>();
        Map<QualifiedName, Map<String, List<String>>> checkLiterals = new HashMap<>();
        try (Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT i.indrelid::bigint, ARRAY(SELECT a.attname FROM unnest(i.indkey::int2[])"
                                        + " WITH ORDINALITY k(n, o) JOIN pg_catalog.pg_attribute a ON"
                                        + " a.attrelid = i.indrelid AND a.attnum = k.n ORDER BY k.o)::text[]"
                                        + " FROM pg_catalog.pg_index i WHERE i.indisunique")) {
            while (rs.next()) {
                QualifiedName t = names.get(rs.getLong(1));
                if (t != null) {
                    List<String> cols = strings(rs.getArray(2));
                    unique.computeIfAbsent(t, k -> new TreeSet<>()).addAll(cols);
                    uniqueKeys.computeIfAbsent(t, k -> new ArrayList<>()).add(cols);
                }
            }
        }
        try (Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT k.conrelid::bigint, k.contype::text, k.confrelid::bigint,"
                                        + " ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY x(n, o)"
                                        + "  JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = x.n"
                                        + "  ORDER BY x.o)::text[],"
                                        + " ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY x(n, o)"
                                        + "  JOIN pg_catalog.pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = x.n"
                                        + "  ORDER BY x.o)::text[], pg_catalog.pg_get_constraintdef(k.oid)"
                                        + " FROM pg_catalog.pg_constraint k WHERE k.contype IN ('f', 'c')"
                                        + " ORDER BY k.conname")) {
            while (rs.next()) {
                QualifiedName t = names.get(rs.getLong(1));
                if (t == null) {
                    continue;
                }
                if (rs.getString(2).equals("f")) {
                    QualifiedName parent = names.get(rs.getLong(3));
                    if (parent != null) {
                        fks.computeIfAbsent(t, k -> new ArrayList<>())
                                .add(
                                        new ForeignKey(
                                                strings(rs.getArray(4)),
                                                parent,
                                                strings(rs.getArray(5))));
                    }
                } else {
                    List<String> cols = strings(rs.getArray(4));
                    checked.computeIfAbsent(t, k -> new TreeSet<>()).addAll(cols);
                    if (cols.size() == 1) {
                        // CHECK (status IN ('new', 'paid')) reads back as = ANY (ARRAY['new'::text,
                        // …]):
                        // its literals are values the check takes.
                        java.util.regex.Matcher m =
                                LITERAL.matcher(rs.getString(6) == null ? "" : rs.getString(6));
                        List<String> lits = new ArrayList<>();
                        while (m.find()) {
                            lits.add(m.group(1).replace("''", "'"));
                        }
                        if (!lits.isEmpty()) {
                            checkLiterals
                                    .computeIfAbsent(t, k -> new HashMap<>())
                                    .put(cols.get(0), lits);
                        }
                    }
                }
            }
        }
        Map<QualifiedName, Shape> tables = new LinkedHashMap<>();
        for (var e : columns.entrySet()) {
            QualifiedName t = e.getKey();
            tables.put(
                    t,
                    new Shape(
                            t,
                            partitioned.get(t),
                            List.copyOf(e.getValue()),
                            unique.getOrDefault(t, Set.of()),
                            uniqueKeys.getOrDefault(t, List.of()),
                            fks.getOrDefault(t, List.of()),
                            checked.getOrDefault(t, Set.of()),
                            checkLiterals.getOrDefault(t, Map.of())));
        }
        return new Shapes(tables, types);
    }

    private static List<String> strings(Array a) throws SQLException {
        return a == null ? List.of() : List.of((String[]) a.getArray());
    }
}
