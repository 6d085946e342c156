package dev.lrplan.catalog;

import static dev.lrplan.catalog.CatalogSession.name;
import static dev.lrplan.catalog.CatalogSession.strings;

import dev.lrplan.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a {@link Catalog} from a live server (PostgreSQL 9.6 to 17) with a fixed number of catalog
 * queries, whatever the number of tables, and without locking any table. Sequence values are the
 * one exception to "fixed": reading one locks the sequence, so {@link SequenceReader} reads them in
 * batches, and only those asked for.
 */
public final class Introspector {
    private final Connection conn;
    private final CatalogSession session;
    private final SequenceReader sequences;

    /**
     * Which sequences' last values are read (their parameters always are), chosen once the rest of
     * the catalog has been read.
     */
    private final ValueChoice lastValues;

    /** Chooses, from a catalog read without sequence values, the sequences whose values to read. */
    @FunctionalInterface
    public interface ValueChoice {
        java.util.function.Predicate<QualifiedName> choose(Catalog withoutValues);

        ValueChoice ALL = c -> n -> true;
        ValueChoice NONE = c -> n -> false;
    }

    private Introspector(Connection conn, boolean hashed, ValueChoice lastValues) {
        this.conn = conn;
        this.session = new CatalogSession(conn, hashed);
        this.sequences = new SequenceReader(session);
        this.lastValues = lastValues;
    }

    /** A catalog and the SHA-256 of what the server sent to build it ({@link RowHash}). */
    public record Read(Catalog catalog, String sha256) {}

    /** Reads the catalog of the database {@code conn} is connected to. */
    public static Catalog introspect(Connection conn) {
        return new Introspector(conn, false, ValueChoice.ALL).run();
    }

    /** As {@link #introspect}, with the hash of what was read. */
    public static Read read(Connection conn) {
        return read(conn, true);
    }

    /**
     * As above; without the sequences' last values where {@code lastValues} is false (reading one
     * opens and locks the sequence: for 10,000 sequences about a quarter of the server's work).
     * From 10 on their parameters are in the catalog; a 9.6 server's are read with the values.
     */
    public static Read read(Connection conn, boolean lastValues) {
        return read(conn, lastValues ? ValueChoice.ALL : ValueChoice.NONE);
    }

    /**
     * As above, with the last values of the sequences {@code lastValues} chooses once it has seen
     * the rest of the catalog (outside the catalog's snapshot, as every sequence value is).
     */
    public static Read read(Connection conn, ValueChoice lastValues) {
        Introspector i = new Introspector(conn, true, lastValues);
        Catalog c = i.run();
        return new Read(c, i.session.sha256());
    }

    private Catalog run() {
        try {
            boolean autoCommit = conn.getAutoCommit();
            ServerInfo server = server();
            Catalog catalog;
            conn.setAutoCommit(false);
            try {
                catalog = catalogInOneSnapshot(server);
                conn.commit();
            } finally {
                if (!conn.getAutoCommit()) {
                    conn.rollback();
                }
                conn.setAutoCommit(true);
            }
            catalog = sequences.withValues(catalog, lastValues);
            conn.setAutoCommit(autoCommit);
            return catalog;
        } catch (SQLException e) {
            throw Database.failure("cannot read the catalog", e);
        }
    }

    /**
     * Every catalog query in one read-only, repeatable-read transaction, so they all see the same
     * state; with search_path = pg_catalog, so names print schema-qualified exactly as pg_dump
     * prints them.
     */
    private Catalog catalogInOneSnapshot(ServerInfo server) throws SQLException {
        try (java.sql.Statement st = conn.createStatement()) {
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            st.execute("SELECT pg_catalog.set_config('search_path', 'pg_catalog', true)");
            // No parallel workers: each catalog query is short, and workers would only add their
            // start-up to the server's work (measured on 10,000 tables: about 6% of it).
            st.execute(
                    "SELECT pg_catalog.set_config('max_parallel_workers_per_gather', '0', true)");
        }
        List<Schema> schemas =
                session.rows(
                        "schemas", rs -> new Schema(rs.getString("name"), rs.getString("owner")));
        Map<Long, TableRow> tableRows = tables();
        Map<Long, List<ColumnRow>> columns = columns();
        Map<Long, List<IndexRow>> indexes = indexes(columns);
        Map<Long, List<Check>> checks = checks();
        Map<Long, List<SecondaryIndex>> secondary = secondaryIndexes();
        List<Table> tables = new ArrayList<>();
        tableRows.forEach(
                (oid, t) ->
                        tables.add(
                                t.toTable(
                                        ColumnRow.numbered(columns.getOrDefault(oid, List.of())),
                                        indexes.getOrDefault(oid, List.of()),
                                        checks.getOrDefault(oid, List.of()),
                                        secondary.getOrDefault(oid, List.of()))));
        return new Catalog(
                server,
                schemas,
                tables,
                sequences.read(
                        (oid, attnum) -> {
                            TableRow t = tableRows.get(oid);
                            ColumnRow c = attnum(columns.getOrDefault(oid, List.of()), attnum);
                            return t == null || c == null
                                    ? null
                                    : new SequenceReader.Owner(t.name(), c.name());
                        }),
                materializedViews(),
                extensions(),
                largeObjects(),
                publications(),
                subscriptions(),
                replicationSlots());
    }

    private ServerInfo server() throws SQLException {
        String version;
        String database;
        try (PreparedStatement ps = session.prepare(CatalogQueries.load("server", 90600));
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            session.keep("server", rs, rs.getMetaData().getColumnCount());
            session.versionNum(rs.getInt("version_num"));
            version = rs.getString("version");
            database = rs.getString("database");
        }
        Map<String, String> settings = new TreeMap<>();
        for (String[] kv :
                session.rows(
                        "settings",
                        rs -> new String[] {rs.getString("name"), rs.getString("setting")})) {
            settings.put(kv[0], kv[1]);
        }
        return new ServerInfo(
                session.versionNum(), version, systemIdentifier(), database, settings);
    }

    /**
     * Null where the role may not call pg_control_system(): the scripts then check the version
     * only.
     */
    private String systemIdentifier() throws SQLException {
        try {
            List<String> ids = session.rows("system_identifier", rs -> rs.getString(1));
            return ids.isEmpty() ? null : ids.get(0);
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState())) {
                return null;
            }
            throw e;
        }
    }

    private record TableRow(
            QualifiedName name,
            String owner,
            String relkind,
            String persistence,
            String replident,
            QualifiedName parent,
            double reltuples,
            long estBytes,
            String extension) {
        Table toTable(
                List<Column> columns,
                List<IndexRow> indexes,
                List<Check> checks,
                List<SecondaryIndex> secondary) {
            Index pk = null;
            List<Index> unique = new ArrayList<>();
            List<Index> other = new ArrayList<>();
            for (IndexRow row : indexes) {
                Index ix = row.index();
                if (ix.primary()) {
                    pk = ix;
                } else if (row.usable()) {
                    unique.add(ix);
                } else {
                    other.add(ix);
                }
            }
            return new Table(
                    name,
                    owner,
                    "p".equals(relkind) ? Table.Kind.PARTITIONED : Table.Kind.ORDINARY,
                    parent,
                    "u".equals(persistence),
                    replicaIdentity(replident),
                    pk,
                    unique,
                    reltuples < 0 ? -1 : Math.round(reltuples),
                    estBytes,
                    extension,
                    columns,
                    checks,
                    other,
                    secondary);
        }

        private static Table.ReplicaIdentity replicaIdentity(String code) {
            return switch (code) {
                case "d" -> Table.ReplicaIdentity.DEFAULT;
                case "f" -> Table.ReplicaIdentity.FULL;
                case "i" -> Table.ReplicaIdentity.INDEX;
                case "n" -> Table.ReplicaIdentity.NOTHING;
                default -> throw new IllegalStateException("unknown relreplident " + code);
            };
        }
    }

    private Map<Long, TableRow> tables() throws SQLException {
        Map<Long, TableRow> out = new LinkedHashMap<>();
        for (Map.Entry<Long, TableRow> e :
                session.rows(
                        "tables",
                        rs ->
                                Map.entry(
                                        rs.getLong("oid"),
                                        new TableRow(
                                                new QualifiedName(
                                                        rs.getString("schema"),
                                                        rs.getString("name")),
                                                rs.getString("owner"),
                                                rs.getString("relkind"),
                                                rs.getString("persistence"),
                                                rs.getString("replident"),
                                                name(rs, "parent_schema", "parent_name"),
                                                rs.getDouble("reltuples"),
                                                rs.getLong("est_bytes"),
                                                rs.getString("extension"))))) {
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** Every table's columns as read, in attnum order. */
    private Map<Long, List<ColumnRow>> columns() throws SQLException {
        Map<Long, List<ColumnRow>> byTable = new HashMap<>();
        for (Map.Entry<Long, ColumnRow> e :
                session.rows(
                        "columns",
                        rs ->
                                Map.entry(
                                        rs.getLong("table_oid"),
                                        new ColumnRow(
                                                rs.getInt("attnum"),
                                                rs.getString("name"),
                                                rs.getString("type"),
                                                rs.getBoolean("not_null"),
                                                rs.getString("expr"),
                                                rs.getString("identity"),
                                                rs.getString("generated"),
                                                rs.getString("collation"))))) {
            byTable.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
        byTable.values().forEach(rows -> rows.sort(ColumnRow.BY_ATTNUM));
        return byTable;
    }

    /** A column as read, by attnum; numbered 1..n once its table's are all read. */
    private record ColumnRow(
            int attnum,
            String name,
            String type,
            boolean notNull,
            String expr,
            String identity,
            String generated,
            String collation) {
        static final java.util.Comparator<ColumnRow> BY_ATTNUM =
                java.util.Comparator.comparingInt(ColumnRow::attnum);

        /** The columns of rows in attnum order, positions 1..n (dropped columns leave no gap). */
        static List<Column> numbered(List<ColumnRow> rows) {
            List<Column> out = new ArrayList<>(rows.size());
            for (ColumnRow r : rows) {
                boolean isGenerated = r.generated != null && !r.generated.isEmpty();
                out.add(
                        new Column(
                                r.name,
                                out.size() + 1,
                                r.type,
                                r.notNull,
                                isGenerated ? null : r.expr,
                                Introspector.identity(r.identity),
                                isGenerated ? r.expr : null,
                                r.collation));
            }
            return out;
        }
    }

    private static Column.Identity identity(String code) {
        return switch (code == null ? "" : code) {
            case "a" -> Column.Identity.ALWAYS;
            case "d" -> Column.Identity.BY_DEFAULT;
            default -> Column.Identity.NONE;
        };
    }

    /**
     * Unique indexes, their key columns named from the columns read (by table, in attnum order).
     */
    private Map<Long, List<IndexRow>> indexes(Map<Long, List<ColumnRow>> columns)
            throws SQLException {
        Map<Long, List<IndexRow>> out = new HashMap<>();
        for (Map.Entry<Long, IndexRow> e :
                session.rows(
                        "indexes",
                        rs -> {
                            long table = rs.getLong("table_oid");
                            boolean primary = rs.getBoolean("is_primary");
                            List<ColumnRow> tableColumns = columns.getOrDefault(table, List.of());
                            List<String> names = new ArrayList<>();
                            boolean allNotNull = true;
                            for (String attnum : rs.getString("attnums").split(" ")) {
                                ColumnRow c = attnum(tableColumns, Integer.parseInt(attnum));
                                if (c == null) {
                                    allNotNull = false; // an expression (attnum 0)
                                } else {
                                    names.add(c.name());
                                    allNotNull &= c.notNull();
                                }
                            }
                            boolean usable =
                                    primary
                                            || (rs.getBoolean("immediate")
                                                    && rs.getBoolean("plain")
                                                    && allNotNull);
                            return Map.entry(
                                    table,
                                    new IndexRow(
                                            new Index(
                                                    rs.getString("name"),
                                                    names,
                                                    primary,
                                                    rs.getBoolean("is_replident")),
                                            usable));
                        })) {
            out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
        return out;
    }

    /** The column with this attnum, or null (0 is an index expression). */
    private static ColumnRow attnum(List<ColumnRow> inAttnumOrder, int attnum) {
        int lo = 0;
        int hi = inAttnumOrder.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int at = inAttnumOrder.get(mid).attnum();
            if (at == attnum) {
                return inAttnumOrder.get(mid);
            }
            if (at < attnum) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return null;
    }

    /** A unique index, and whether it can serve as replica identity. */
    private record IndexRow(Index index, boolean usable) {}

    private Map<Long, List<SecondaryIndex>> secondaryIndexes() throws SQLException {
        Map<Long, List<SecondaryIndex>> out = new HashMap<>();
        for (Map.Entry<Long, SecondaryIndex> e :
                session.rows(
                        "secondary_indexes",
                        rs ->
                                Map.entry(
                                        rs.getLong("table_oid"),
                                        new SecondaryIndex(
                                                rs.getString("name"),
                                                rs.getBoolean("is_unique"),
                                                rs.getBoolean("is_constraint"),
                                                rs.getString("method"),
                                                strings(rs.getArray("columns")))))) {
            out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
        return out;
    }

    private Map<Long, List<Check>> checks() throws SQLException {
        Map<Long, List<Check>> out = new HashMap<>();
        for (Map.Entry<Long, Check> e :
                session.rows(
                        "checks",
                        rs ->
                                Map.entry(
                                        rs.getLong("table_oid"),
                                        new Check(
                                                rs.getString("name"),
                                                rs.getString("definition"))))) {
            out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
        return out;
    }

    private List<MaterializedView> materializedViews() throws SQLException {
        return session.rows(
                "materialized_views",
                rs ->
                        new MaterializedView(
                                new QualifiedName(rs.getString("schema"), rs.getString("name")),
                                rs.getString("owner"),
                                rs.getBoolean("populated")));
    }

    private List<Extension> extensions() throws SQLException {
        return session.rows(
                "extensions",
                rs ->
                        new Extension(
                                rs.getString("name"),
                                rs.getString("version"),
                                rs.getString("schema")));
    }

    private long largeObjects() throws SQLException {
        return session.rows("large_objects", rs -> rs.getLong("count")).get(0);
    }

    private List<Publication> publications() throws SQLException {
        record PubRow(String name, boolean all, boolean viaRoot, QualifiedName table) {}
        Map<String, List<PubRow>> byName = new TreeMap<>();
        for (PubRow r :
                session.rows(
                        "publications",
                        rs ->
                                new PubRow(
                                        rs.getString("name"),
                                        rs.getBoolean("all_tables"),
                                        rs.getBoolean("via_root"),
                                        name(rs, "schema", "table_name")))) {
            byName.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r);
        }
        List<Publication> out = new ArrayList<>();
        byName.forEach(
                (name, rows) ->
                        out.add(
                                new Publication(
                                        name,
                                        rows.get(0).all(),
                                        rows.get(0).viaRoot(),
                                        rows.stream()
                                                .map(PubRow::table)
                                                .filter(t -> t != null)
                                                .toList())));
        return out;
    }

    private List<Subscription> subscriptions() throws SQLException {
        return session.rows(
                "subscriptions",
                rs ->
                        new Subscription(
                                rs.getString("name"),
                                rs.getBoolean("enabled"),
                                rs.getString("slot_name"),
                                strings(rs.getArray("publications"))));
    }

    private List<ReplicationSlot> replicationSlots() throws SQLException {
        return session.rows(
                "replication_slots",
                rs ->
                        new ReplicationSlot(
                                rs.getString("name"),
                                rs.getString("type"),
                                rs.getString("plugin"),
                                rs.getString("database"),
                                rs.getBoolean("active"),
                                rs.getBoolean("temporary")));
    }
}
