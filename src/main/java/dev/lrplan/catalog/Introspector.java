package dev.lrplan.catalog;

import dev.lrplan.db.Database;
import java.sql.Array;
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
 * one exception to "fixed": reading one locks the sequence, so they are read in batches of {@value
 * #SEQUENCE_BATCH} per statement to keep the lock table from overflowing.
 */
public final class Introspector {
    static final int SEQUENCE_BATCH = 2500;

    private final Connection conn;
    private final java.security.MessageDigest digest;
    private int versionNum;

    /** Whether the rows are kept for {@link #sha256}. */
    private final boolean hashed;

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
        this.hashed = hashed;
        this.lastValues = lastValues;
        try {
            this.digest = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * A catalog and the SHA-256 of what the server sent to build it: for every catalog query, its
     * name and number of rows, then each row's values as their bytes on the wire, each after its
     * length (or NULL's marker), the rows in byte order (a plan may return them in any order). The
     * same database gives the same hash; read once, never serialised again.
     */
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
        return new Read(c, i.sha256());
    }

    /** Every row read, by query, as the bytes the hash takes. */
    private final Map<String, List<byte[]>> readRows = new TreeMap<>();

    /** The row being kept: grown as needed, reused for every row. */
    private byte[] row = new byte[256];

    private int rowLength;

    /** Keeps a row's values for the hash: each value's length, then its bytes. */
    private void keep(String kind, ResultSet rs, int n) throws SQLException {
        if (!hashed) {
            return;
        }
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

    private String sha256() {
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
        return java.util.HexFormat.of().formatHex(digest.digest(all));
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
            catalog = withSequenceValues(catalog);
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
                rows("schemas", rs -> new Schema(rs.getString("name"), rs.getString("owner")));
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
                sequenceRows(tableRows, columns),
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
        try (PreparedStatement ps = prepare(CatalogQueries.load("server", 90600));
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            keep("server", rs, rs.getMetaData().getColumnCount());
            versionNum = rs.getInt("version_num");
            version = rs.getString("version");
            database = rs.getString("database");
        }
        Map<String, String> settings = new TreeMap<>();
        for (String[] kv :
                rows(
                        "settings",
                        rs -> new String[] {rs.getString("name"), rs.getString("setting")})) {
            settings.put(kv[0], kv[1]);
        }
        return new ServerInfo(versionNum, version, systemIdentifier(), database, settings);
    }

    /**
     * Null where the role may not call pg_control_system(): the scripts then check the version
     * only.
     */
    private String systemIdentifier() throws SQLException {
        try {
            List<String> ids = rows("system_identifier", rs -> rs.getString(1));
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
                rows(
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
                rows(
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
                rows(
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
                rows(
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
                rows(
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

    private record SequenceRow(
            long oid,
            QualifiedName name,
            String dataType,
            Long start,
            Long min,
            Long max,
            Long increment,
            Boolean cycle,
            QualifiedName ownedBy,
            String ownedByColumn) {}

    private record SequenceValues(
            Long lastValue, Long start, Long min, Long max, Long increment, Boolean cycle) {}

    /** Oids of the sequences read in the transaction, for the value batches that follow it. */
    private final Map<QualifiedName, SequenceRow> sequenceRows = new HashMap<>();

    /** A sequence as read: its owner as an oid and attnum, named once the tables are read. */
    private record RawSequence(
            long oid,
            QualifiedName name,
            String dataType,
            Long start,
            Long min,
            Long max,
            Long increment,
            Boolean cycle,
            Long ownerOid,
            int ownerAttnum) {}

    private List<Sequence> sequenceRows(
            Map<Long, TableRow> tables, Map<Long, List<ColumnRow>> columns) throws SQLException {
        List<RawSequence> raw =
                rows(
                        "sequences",
                        rs ->
                                new RawSequence(
                                        rs.getLong("oid"),
                                        new QualifiedName(
                                                rs.getString("schema"), rs.getString("name")),
                                        rs.getString("data_type"),
                                        longOrNull(rs, "start"),
                                        longOrNull(rs, "min"),
                                        longOrNull(rs, "max"),
                                        longOrNull(rs, "increment"),
                                        boolOrNull(rs, "cycle"),
                                        longOrNull(rs, "owner_oid"),
                                        rs.getInt("owner_attnum")));
        Map<String, String[]> others = otherOwners(raw, tables, columns);
        List<SequenceRow> seqs = new ArrayList<>(raw.size());
        for (RawSequence r : raw) {
            QualifiedName owner = null;
            String column = null;
            if (r.ownerOid() != null) {
                TableRow t = tables.get(r.ownerOid());
                ColumnRow c =
                        t == null
                                ? null
                                : attnum(
                                        columns.getOrDefault(r.ownerOid(), List.of()),
                                        r.ownerAttnum());
                if (c != null) {
                    owner = t.name();
                    column = c.name();
                } else {
                    String[] o = others.get(r.ownerOid() + "/" + r.ownerAttnum());
                    if (o != null) {
                        owner = new QualifiedName(o[0], o[1]);
                        column = o[2];
                    }
                }
            }
            seqs.add(
                    new SequenceRow(
                            r.oid(),
                            r.name(),
                            r.dataType(),
                            r.start(),
                            r.min(),
                            r.max(),
                            r.increment(),
                            r.cycle(),
                            owner,
                            column));
        }
        List<Sequence> out = new ArrayList<>();
        for (SequenceRow s : seqs) {
            sequenceRows.put(s.name(), s);
            // 9.6 keeps the parameters inside the sequence: placeholders until the value batches
            // fill them
            out.add(
                    new Sequence(
                            s.name(),
                            s.dataType(),
                            orZero(s.start()),
                            orZero(s.min()),
                            orZero(s.max()),
                            s.increment() == null ? 1 : s.increment(),
                            Boolean.TRUE.equals(s.cycle()),
                            null,
                            s.ownedBy(),
                            s.ownedByColumn()));
        }
        return out;
    }

    /**
     * The owners that are not among the tables read (a foreign table's column, say), by
     * "oid/attnum": schema, table, column. One query, and none when every owner is a table read.
     */
    private Map<String, String[]> otherOwners(
            List<RawSequence> raw, Map<Long, TableRow> tables, Map<Long, List<ColumnRow>> columns)
            throws SQLException {
        List<Long> oids = new ArrayList<>();
        List<Integer> attnums = new ArrayList<>();
        for (RawSequence r : raw) {
            if (r.ownerOid() != null
                    && (!tables.containsKey(r.ownerOid())
                            || attnum(
                                            columns.getOrDefault(r.ownerOid(), List.of()),
                                            r.ownerAttnum())
                                    == null)) {
                oids.add(r.ownerOid());
                attnums.add(r.ownerAttnum());
            }
        }
        Map<String, String[]> out = new HashMap<>();
        if (oids.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = prepare(CatalogQueries.load("sequence_owners", versionNum))) {
            ps.setArray(1, conn.createArrayOf("int8", oids.toArray()));
            ps.setArray(2, conn.createArrayOf("int4", attnums.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    keep("sequence_owners", rs, n);
                    out.put(
                            rs.getLong("owner_oid") + "/" + rs.getInt("owner_attnum"),
                            new String[] {
                                rs.getString("owner_schema"),
                                rs.getString("owner_table"),
                                rs.getString("owner_column")
                            });
                }
            }
        }
        return out;
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    private Catalog withSequenceValues(Catalog c) throws SQLException {
        List<SequenceRow> rows =
                c.sequences().stream().map(s -> sequenceRows.get(s.name())).toList();
        // A 9.6 server keeps the parameters inside the sequence: read every one.
        java.util.function.Predicate<QualifiedName> wanted =
                versionNum < 100000 ? n -> true : lastValues.choose(c);
        Map<Long, SequenceValues> values =
                sequenceValues(
                        rows.stream()
                                .filter(r -> wanted.test(r.name()))
                                .map(SequenceRow::oid)
                                .toList());
        List<Sequence> out = new ArrayList<>();
        for (SequenceRow s : rows) {
            SequenceValues v = values.get(s.oid());
            if (s.start() == null && v == null) {
                continue; // 9.6: a sequence the role may not read; its parameters are unknown
            }
            out.add(
                    new Sequence(
                            s.name(),
                            s.dataType(),
                            pick(s.start(), v == null ? null : v.start()),
                            pick(s.min(), v == null ? null : v.min()),
                            pick(s.max(), v == null ? null : v.max()),
                            pick(s.increment(), v == null ? null : v.increment()),
                            s.cycle() != null
                                    ? s.cycle()
                                    : Boolean.TRUE.equals(v == null ? null : v.cycle()),
                            v == null ? null : v.lastValue(),
                            s.ownedBy(),
                            s.ownedByColumn()));
        }
        return new Catalog(
                c.server(),
                c.schemas(),
                c.tables(),
                out,
                c.materializedViews(),
                c.extensions(),
                c.largeObjects(),
                c.publications(),
                c.subscriptions(),
                c.replicationSlots());
    }

    private static long pick(Long fromCatalog, Long fromSequence) {
        return fromCatalog != null ? fromCatalog : fromSequence;
    }

    private Map<Long, SequenceValues> sequenceValues(List<Long> oids) throws SQLException {
        Map<Long, SequenceValues> out = new HashMap<>();
        String sql = CatalogQueries.load("sequence_values", versionNum);
        for (int from = 0; from < oids.size(); from += SEQUENCE_BATCH) {
            List<Long> batch = oids.subList(from, Math.min(oids.size(), from + SEQUENCE_BATCH));
            try (PreparedStatement ps = prepare(sql)) {
                ps.setArray(1, conn.createArrayOf("int8", batch.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        keep("sequence_values", rs, n);
                        out.put(
                                rs.getLong("oid"),
                                new SequenceValues(
                                        longOrNull(rs, "last_value"),
                                        longOrNull(rs, "start"),
                                        longOrNull(rs, "min"),
                                        longOrNull(rs, "max"),
                                        longOrNull(rs, "increment"),
                                        boolOrNull(rs, "cycle")));
                    }
                }
            }
        }
        return out;
    }

    private List<MaterializedView> materializedViews() throws SQLException {
        return rows(
                "materialized_views",
                rs ->
                        new MaterializedView(
                                new QualifiedName(rs.getString("schema"), rs.getString("name")),
                                rs.getString("owner"),
                                rs.getBoolean("populated")));
    }

    private List<Extension> extensions() throws SQLException {
        return rows(
                "extensions",
                rs ->
                        new Extension(
                                rs.getString("name"),
                                rs.getString("version"),
                                rs.getString("schema")));
    }

    private long largeObjects() throws SQLException {
        return rows("large_objects", rs -> rs.getLong("count")).get(0);
    }

    private List<Publication> publications() throws SQLException {
        record PubRow(String name, boolean all, boolean viaRoot, QualifiedName table) {}
        Map<String, List<PubRow>> byName = new TreeMap<>();
        for (PubRow r :
                rows(
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
        return rows(
                "subscriptions",
                rs ->
                        new Subscription(
                                rs.getString("name"),
                                rs.getBoolean("enabled"),
                                rs.getString("slot_name"),
                                strings(rs.getArray("publications"))));
    }

    private List<ReplicationSlot> replicationSlots() throws SQLException {
        return rows(
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

    // ---- plumbing ----

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> rows(String kind, RowMapper<T> mapper) throws SQLException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(CatalogQueries.load(kind, versionNum));
                ResultSet rs = ps.executeQuery()) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                keep(kind, rs, n);
                out.add(mapper.map(rs));
            }
        }
        return out;
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        return conn.prepareStatement(sql);
    }

    private static QualifiedName name(ResultSet rs, String schemaCol, String nameCol)
            throws SQLException {
        String schema = rs.getString(schemaCol);
        String name = rs.getString(nameCol);
        return schema == null || name == null ? null : new QualifiedName(schema, name);
    }

    private static Long longOrNull(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private static Boolean boolOrNull(ResultSet rs, String col) throws SQLException {
        boolean v = rs.getBoolean(col);
        return rs.wasNull() ? null : v;
    }

    private static List<String> strings(Array array) throws SQLException {
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
