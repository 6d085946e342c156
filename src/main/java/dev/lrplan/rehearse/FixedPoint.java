package dev.lrplan.rehearse;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.catalog.Introspector;
import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.catalog.Table;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * After cleanup, a cluster must be what its schema file describes and nothing more: its database is
 * compared with a fresh database loaded from the same file on the same server. Tables (columns with
 * types, nullability, defaults, identity; keys, CHECK constraints, indexes, replica identity),
 * triggers, schemas, publications and subscriptions of the database, and the cluster's replication
 * slots. lrplan's backup schema ({@code lrplan_backup}, the drift shims' data) is kept by design
 * and reported as such.
 */
final class FixedPoint {
    static final String BACKUP_SCHEMA = "lrplan_backup";

    /** apply's record of what ran, on the new cluster: kept as the migration's history. */
    static final QualifiedName LEDGER = new QualifiedName("lrplan", "apply_ledger");

    /** apply's record of the snapshot copy (snapshot-copy): its state and finished ranges. */
    static final Set<QualifiedName> COPY_RECORDS =
            Set.of(
                    new QualifiedName("lrplan", "copy_range"),
                    new QualifiedName("lrplan", "copy_state"));

    /** Differences (empty: the fixed point holds) and what was kept on purpose. */
    record Result(List<String> differences, List<String> kept) {}

    private FixedPoint() {}

    static Result compare(Connection actual, Connection expected) throws SQLException {
        List<String> diffs = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        Catalog a = Introspector.introspect(actual);
        Catalog e = Introspector.introspect(expected);
        Map<QualifiedName, Table> at = byName(a);
        Map<QualifiedName, Table> et = byName(e);
        for (var entry : et.entrySet()) {
            Table want = entry.getValue();
            Table have = at.get(entry.getKey());
            String name = entry.getKey().display();
            if (have == null) {
                diffs.add("table " + name + " is missing");
                continue;
            }
            if (!have.columns().equals(want.columns())) {
                diffs.add("table " + name + ": columns differ: " + columnDiff(have, want));
            }
            if (!java.util.Objects.equals(have.primaryKey(), want.primaryKey())
                    || !have.uniqueIndexes().equals(want.uniqueIndexes())
                    || !have.otherUniqueKeys().equals(want.otherUniqueKeys())) {
                diffs.add("table " + name + ": keys differ");
            }
            if (!have.checks().equals(want.checks())) {
                diffs.add("table " + name + ": CHECK constraints differ");
            }
            if (!have.secondaryIndexes().equals(want.secondaryIndexes())) {
                diffs.add("table " + name + ": indexes differ");
            }
            if (have.replicaIdentity() != want.replicaIdentity()) {
                diffs.add(
                        "table "
                                + name
                                + ": REPLICA IDENTITY "
                                + have.replicaIdentity()
                                + " where the schema has "
                                + want.replicaIdentity());
            }
        }
        for (QualifiedName extra : at.keySet()) {
            if (!et.containsKey(extra)) {
                if (extra.schema().equals(BACKUP_SCHEMA)) {
                    kept.add("backup table " + extra.display());
                } else if (extra.equals(LEDGER) || COPY_RECORDS.contains(extra)) {
                    kept.add("apply's record " + extra.display());
                } else {
                    diffs.add("table " + extra.display() + " is not in the schema");
                }
            }
        }
        setDiff(
                "schema",
                strings(
                        actual,
                        "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname NOT LIKE 'pg\\_%'"
                                + " AND nspname <> 'information_schema'"),
                strings(
                        expected,
                        "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname NOT LIKE 'pg\\_%'"
                                + " AND nspname <> 'information_schema'"),
                diffs,
                kept);
        String triggers =
                "SELECT t.tgrelid::regclass::text || ': ' || t.tgname FROM pg_catalog.pg_trigger t"
                        + " WHERE NOT t.tgisinternal";
        setDiff("trigger", strings(actual, triggers), strings(expected, triggers), diffs, kept);
        String functions =
                "SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n"
                        + " ON n.oid = p.pronamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')"
                        + " AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')";
        setDiff("function", strings(actual, functions), strings(expected, functions), diffs, kept);
        for (String pub : strings(actual, "SELECT pubname FROM pg_catalog.pg_publication")) {
            diffs.add("publication " + pub + " remains");
        }
        for (String sub :
                strings(
                        actual,
                        "SELECT subname FROM pg_catalog.pg_subscription WHERE subdbid ="
                                + " (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())")) {
            diffs.add("subscription " + sub + " remains");
        }
        for (String slot :
                strings(actual, "SELECT slot_name FROM pg_catalog.pg_replication_slots")) {
            diffs.add("replication slot " + slot + " remains");
        }
        return new Result(diffs, kept);
    }

    private static void setDiff(
            String what,
            Set<String> have,
            Set<String> want,
            List<String> diffs,
            List<String> kept) {
        for (String x : have) {
            if (!want.contains(x)) {
                if (x.equals(BACKUP_SCHEMA) || x.equals(LEDGER.schema())) {
                    kept.add("schema " + x);
                } else {
                    diffs.add(what + " " + x + " is not in the schema");
                }
            }
        }
        for (String x : want) {
            if (!have.contains(x)) {
                diffs.add(what + " " + x + " is missing");
            }
        }
    }

    private static String columnDiff(Table have, Table want) {
        List<String> out = new ArrayList<>();
        var wantCols = new TreeMap<String, dev.lrplan.catalog.Column>();
        want.columns().forEach(c -> wantCols.put(c.name(), c));
        var haveCols = new TreeMap<String, dev.lrplan.catalog.Column>();
        have.columns().forEach(c -> haveCols.put(c.name(), c));
        for (var c : haveCols.values()) {
            var w = wantCols.get(c.name());
            if (w == null) {
                out.add("extra column " + c.name());
            } else if (!w.equals(c)) {
                out.add(c.name() + " is " + c + ", the schema has " + w);
            }
        }
        for (var w : wantCols.values()) {
            if (!haveCols.containsKey(w.name())) {
                out.add("missing column " + w.name());
            }
        }
        return out.isEmpty() ? "column order" : String.join("; ", out);
    }

    private static Map<QualifiedName, Table> byName(Catalog c) {
        Map<QualifiedName, Table> m = new TreeMap<>();
        c.tables().forEach(t -> m.put(t.name(), t));
        return m;
    }

    private static Set<String> strings(Connection c, String sql) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
