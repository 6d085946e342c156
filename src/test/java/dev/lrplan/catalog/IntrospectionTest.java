package dev.lrplan.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.sandbox.Cluster;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Introspection against real servers: 13 and 16 (the reference pair), 9.6, 10 and 17. */
class IntrospectionTest {

    @Test
    void theSameSchemaOn13And16IntrospectsToTheSameCatalog() {
        Db on13 = Db.create(Clusters.shared("13"), "same13");
        Db on16 = Db.create(Clusters.shared("16"), "same16");
        on13.exec(CatalogFixtures.schema("common.sql"));
        on16.exec(CatalogFixtures.schema("common.sql"));

        Catalog c13 = on13.introspect();
        Catalog c16 = on16.introspect();

        assertEquals(130000, c13.server().versionNum() / 10000 * 10000);
        assertEquals(16, c16.server().major());
        assertEquals(
                Snapshots.toJson(CatalogFixtures.versionFree(c13)),
                Snapshots.toJson(CatalogFixtures.versionFree(c16)));
        assertEquals(CatalogFixtures.versionFree(c13), CatalogFixtures.versionFree(c16));
    }

    @Test
    void capturesWhatLogicalReplicationNeeds() {
        Db db = Db.create(Clusters.shared("16"), "capture");
        db.exec(CatalogFixtures.schema("common.sql"));
        Catalog c = db.introspect();

        ServerInfo s = c.server();
        assertEquals("logical", s.settings().get("wal_level"));
        assertEquals(db.name(), s.database());
        assertNotNull(s.systemIdentifier());
        for (String setting :
                List.of(
                        "max_replication_slots",
                        "max_wal_senders",
                        "max_worker_processes",
                        "max_logical_replication_workers",
                        "max_sync_workers_per_subscription")) {
            assertTrue(s.settings().containsKey(setting), setting);
        }

        Table accounts = table(c, "public", "accounts");
        assertEquals(
                List.of("id", "email", "nick", "balance", "tags", "mood", "created"),
                accounts.columns().stream().map(Column::name).toList());
        assertEquals(Column.Identity.ALWAYS, accounts.column("id").orElseThrow().identity());
        assertEquals("character varying(320)", accounts.column("email").orElseThrow().type());
        assertEquals("C", accounts.column("nick").orElseThrow().collation());
        assertEquals("public.mood", accounts.column("mood").orElseThrow().type());
        assertEquals("text[]", accounts.column("tags").orElseThrow().type());
        assertEquals("'{}'::text[]", accounts.column("tags").orElseThrow().defaultExpr());
        assertEquals(List.of("id"), accounts.primaryKey().columns());
        assertEquals(
                List.of("accounts_email_key"),
                accounts.uniqueIndexes().stream().map(Index::name).toList());
        assertEquals(50, accounts.estimatedRows());
        assertTrue(accounts.estimatedBytes() > 0);

        Column generated = table(c, "public", "events").column("amount").orElseThrow();
        assertEquals("((amount_cents)::numeric / 100.0)", generated.generated());
        assertNull(generated.defaultExpr());
        assertEquals(
                "nextval('public.events_id_seq'::regclass)",
                table(c, "public", "events").column("id").orElseThrow().defaultExpr());

        assertEquals(Table.ReplicaIdentity.DEFAULT, table(c, "public", "no_key").replicaIdentity());
        assertFalse(table(c, "public", "no_key").hasUsableIdentity());
        assertEquals(
                Table.ReplicaIdentity.FULL, table(c, "public", "full_identity").replicaIdentity());
        Table byIndex = table(c, "public", "by_index");
        assertEquals(Table.ReplicaIdentity.INDEX, byIndex.replicaIdentity());
        assertTrue(byIndex.uniqueIndexes().get(0).replicaIdentity());
        assertEquals(
                Table.ReplicaIdentity.NOTHING,
                table(c, "public", "nothing_identity").replicaIdentity());
        assertTrue(table(c, "public", "scratch").unlogged());
        assertEquals(Table.Kind.PARTITIONED, table(c, "public", "measurements").kind());
        assertEquals(
                new QualifiedName("public", "measurements"),
                table(c, "public", "measurements_eu").partitionOf());
        assertEquals(
                List.of("id", "kept"),
                table(c, "public", "dropped_col").columns().stream().map(Column::name).toList());
        assertEquals("hstore", table(c, "public", "spatial_ref_sys").extension());

        Sequence invoice =
                c.sequences().stream()
                        .filter(q -> q.name().name().equals("invoice_no"))
                        .findFirst()
                        .orElseThrow();
        assertEquals("integer", invoice.dataType());
        assertEquals(1000, invoice.start());
        assertEquals(5, invoice.increment());
        assertEquals(999999, invoice.max());
        assertEquals(1005L, invoice.lastValue());
        assertNull(invoice.ownedBy());
        Sequence identity =
                c.sequences().stream()
                        .filter(q -> q.name().name().equals("accounts_id_seq"))
                        .findFirst()
                        .orElseThrow();
        assertEquals(new QualifiedName("public", "accounts"), identity.ownedBy());
        assertEquals("id", identity.ownedByColumn());
        assertEquals(50L, identity.lastValue());

        assertEquals(
                List.of("account_totals"),
                c.materializedViews().stream().map(m -> m.name().name()).toList());
        assertTrue(c.extensions().stream().anyMatch(e -> e.name().equals("hstore")));
        assertEquals(List.of("billing", "public"), c.schemas().stream().map(Schema::name).toList());
        assertEquals(0, c.largeObjects());
    }

    @Test
    void seesPublicationsSubscriptionsSlotsAndLargeObjects() throws SQLException {
        Cluster cluster = Clusters.shared("16");
        Db db = Db.create(cluster, "repl");
        db.exec(
                "CREATE TABLE public.t (id int PRIMARY KEY); CREATE TABLE public.u (id int PRIMARY KEY);"
                        + "CREATE PUBLICATION pub_some FOR TABLE public.t; CREATE PUBLICATION pub_all FOR ALL TABLES;"
                        + "SELECT lo_create(0); SELECT lo_create(0);");
        db.exec("SELECT pg_create_logical_replication_slot('" + db.name() + "_slot', 'pgoutput')");
        db.exec(
                "CREATE SUBSCRIPTION sub_off CONNECTION 'host=127.0.0.1 port=1 dbname=none' PUBLICATION p1, p0 "
                        + "WITH (connect = false, enabled = false, slot_name = NONE)");
        try {
            Catalog c = db.introspect();
            Publication some = c.publications().get(1);
            assertEquals("pub_some", some.name());
            assertEquals(List.of(new QualifiedName("public", "t")), some.tables());
            assertTrue(c.publications().get(0).allTables());
            assertEquals(List.of(), c.publications().get(0).tables());
            assertEquals(2, c.largeObjects());
            Subscription sub = c.subscriptions().get(0);
            assertEquals("sub_off", sub.name());
            assertFalse(sub.enabled());
            assertEquals(List.of("p0", "p1"), sub.publications());
            ReplicationSlot slot =
                    c.replicationSlots().stream()
                            .filter(s -> s.name().equals(db.name() + "_slot"))
                            .findFirst()
                            .orElseThrow();
            assertEquals("pgoutput", slot.plugin());
            assertEquals("logical", slot.type());
            assertEquals(db.name(), slot.database());
        } finally {
            db.exec(
                    "DROP SUBSCRIPTION sub_off; SELECT pg_drop_replication_slot('"
                            + db.name()
                            + "_slot')");
        }
    }

    @Test
    void readsPostgres96And10And17() {
        String pre12 =
                """
                CREATE TABLE public.t (id serial PRIMARY KEY, name varchar(20) NOT NULL, note text);
                CREATE TABLE public.k (a int);
                SELECT nextval('public.t_id_seq');
                """;
        for (String major : List.of("9.6", "10", "17")) {
            Db db = Db.create(Clusters.shared(major), "old" + major.replace('.', '_'));
            db.exec(pre12);
            Catalog c = db.introspect();
            assertEquals(major, c.server().majorLabel());
            Table t = table(c, "public", "t");
            assertEquals(
                    List.of("id", "name", "note"), t.columns().stream().map(Column::name).toList());
            assertEquals("character varying(20)", t.column("name").orElseThrow().type());
            assertEquals(List.of("id"), t.primaryKey().columns());
            Sequence seq = c.sequences().get(0);
            assertEquals(major.equals("9.6") ? "bigint" : "integer", seq.dataType());
            assertEquals(1, seq.start());
            assertEquals(1L, seq.lastValue());
            assertEquals(new QualifiedName("public", "t"), seq.ownedBy());
            assertFalse(table(c, "public", "k").hasUsableIdentity());
        }
    }

    /**
     * The manifest's input hash of a live server: the same database hashes alike read after read,
     * and each kind of catalog change (a column's type, a default, a new index, a sequence's value)
     * changes it.
     */
    @Test
    void theInputHashIsStableAndSeesEveryChange() throws SQLException {
        Db db = Db.create(Clusters.shared("16"), "hashed");
        db.exec(CatalogFixtures.schema("common.sql"));
        String first = hash(db);
        assertEquals(first, hash(db), "read twice, the same hash");
        java.util.Set<String> seen = new java.util.HashSet<>(List.of(first));
        for (String change :
                List.of(
                        "CREATE TABLE public.hash_probe (id int PRIMARY KEY, v text)",
                        "ALTER TABLE public.hash_probe ALTER COLUMN v TYPE varchar(10)",
                        "ALTER TABLE public.hash_probe ALTER COLUMN v SET DEFAULT 'x'",
                        "CREATE UNIQUE INDEX hash_probe_v ON public.hash_probe (v)",
                        "CREATE SEQUENCE public.hash_probe_seq",
                        "SELECT nextval('public.hash_probe_seq')")) {
            db.exec(change);
            String h = hash(db);
            assertTrue(seen.add(h), "a new hash after: " + change);
            assertEquals(h, hash(db), "stable after: " + change);
        }
    }

    /**
     * The target is read without its sequences' last values (compile compares only the source's):
     * their parameters are still there, from pg_sequence.
     */
    @Test
    void sequencesWithoutTheirLastValuesKeepTheirParameters() throws SQLException {
        Db db = Db.create(Clusters.shared("16"), "no_values");
        db.exec("CREATE SEQUENCE public.s AS integer INCREMENT BY 5 MAXVALUE 1000");
        db.exec("SELECT nextval('public.s')");
        try (Connection c = db.connect()) {
            Sequence with = Introspector.read(c, true).catalog().sequences().get(0);
            Sequence without = Introspector.read(c, false).catalog().sequences().get(0);
            assertEquals(Long.valueOf(1), with.lastValue());
            assertNull(without.lastValue());
            assertEquals(with.increment(), without.increment());
            assertEquals(1000L, without.max());
            assertEquals(with.dataType(), without.dataType());
        }
    }

    /**
     * A sequence's owner is named from the tables read; an owner that is not one of them (a foreign
     * table's column) is named by a query of its own. On 9.6 (owned serials only), 13 and 16, with
     * a dropped column before the owning one (attnum is not position).
     */
    @Test
    void sequenceOwnersAreNamedWhereverTheyAre() {
        for (String major : List.of("9.6", "13", "16")) {
            Db db = Db.create(Clusters.shared(major), "owners");
            db.exec(
                    "CREATE SCHEMA \"Other \"\"schema\"\"\";"
                            + " CREATE TABLE public.t (gone int, id serial PRIMARY KEY);"
                            + " ALTER TABLE public.t DROP COLUMN gone;"
                            + " CREATE FOREIGN DATA WRAPPER owners_fdw;"
                            + " CREATE SERVER owners_server FOREIGN DATA WRAPPER owners_fdw;"
                            + " CREATE FOREIGN TABLE \"Other \"\"schema\"\"\".f (a int, \"B col\" int)"
                            + " SERVER owners_server;"
                            + " CREATE SEQUENCE \"Other \"\"schema\"\"\".by_foreign OWNED BY \"Other \"\"schema\"\"\".f.\"B col\";"
                            + " CREATE SEQUENCE public.free;");
            Catalog c = db.introspect();
            Sequence serial = sequence(c, "t_id_seq");
            assertEquals(new QualifiedName("public", "t"), serial.ownedBy(), major);
            assertEquals("id", serial.ownedByColumn(), major);
            Sequence foreign = sequence(c, "by_foreign");
            assertEquals(new QualifiedName("Other \"schema\"", "f"), foreign.ownedBy(), major);
            assertEquals("B col", foreign.ownedByColumn(), major);
            assertNull(sequence(c, "free").ownedBy(), major);
        }
    }

    private static Sequence sequence(Catalog c, String name) {
        return c.sequences().stream()
                .filter(s -> s.name().name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sequence " + name));
    }

    private static String hash(Db db) throws SQLException {
        try (Connection c = db.connect()) {
            return Introspector.read(c).sha256();
        }
    }

    @Test
    void catalogQueriesAreFixedInNumberWhateverTheTableCount() throws SQLException {
        Cluster cluster = Clusters.shared("16");
        long few = queriesToIntrospect(cluster, 2);
        long many = queriesToIntrospect(cluster, 2000);
        assertEquals(few, many, "catalog queries for 2 tables vs 2,000 tables");
        assertTrue(few < 25, "introspection ran " + few + " statements");
    }

    /**
     * Statements the server executed for one introspection of a database with {@code tables}
     * tables.
     */
    static long queriesToIntrospect(Cluster cluster, int tables) throws SQLException {
        Db db = Db.create(cluster, "count" + tables);
        db.exec("CREATE EXTENSION pg_stat_statements");
        db.exec(
                "DO $$ BEGIN FOR i IN 1.."
                        + tables
                        + " LOOP "
                        + "EXECUTE format('CREATE TABLE public.t%s (id serial PRIMARY KEY, v text, w int)', i); "
                        + "END LOOP; END $$");
        try (Connection admin = db.connect();
                Statement st = admin.createStatement()) {
            st.execute("SELECT pg_stat_statements_reset()");
            Catalog c = db.introspect();
            assertEquals(tables, c.tables().size());
            assertEquals(tables, c.sequences().size());
            try (ResultSet rs =
                    st.executeQuery(
                            "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements "
                                    + "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                                    + "AND query NOT LIKE '%pg_stat_statements%'")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static Table table(Catalog c, String schema, String name) {
        return c.table(new QualifiedName(schema, name))
                .orElseThrow(() -> new AssertionError("no table " + schema + "." + name));
    }
}
