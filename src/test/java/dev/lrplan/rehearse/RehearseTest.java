package dev.lrplan.rehearse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lrplan.json.Json;
import dev.lrplan.sandbox.PgBinaries;
import dev.lrplan.testing.Cli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rehearsals end to end on embedded clusters: the example plan, three schema pairs of different
 * kinds (one on majors the jar does not bundle, fetched into an empty cache from a Maven
 * repository), and plans with a planted fault, each of which must fail and name its cause.
 */
class RehearseTest {
    @TempDir Path dir;

    /** As the release jar: only 13 and 16 bundled; every other major fetched into a fresh cache. */
    private PgBinaries binaries() {
        return new PgBinaries(Set.of("13", "16"), dir.resolve("cache"), localRepository());
    }

    static String localRepository() {
        String own = System.getProperty("maven.repo.local");
        Path repo =
                own != null && !own.isBlank()
                        ? Path.of(own)
                        : Path.of(System.getProperty("user.home"), ".m2", "repository");
        return repo.toUri().toString();
    }

    private Rehearsal.Outcome rehearse(Path plan, Path source, Path target, String sm, String tm)
            throws IOException {
        return rehearse(plan, source, target, sm, tm, source.getParent().resolve("out"));
    }

    private Rehearsal.Outcome rehearse(
            Path plan, Path source, Path target, String sm, String tm, Path out)
            throws IOException {
        StringWriter progress = new StringWriter();
        Rehearsal.Outcome o =
                Rehearsal.run(
                        new Rehearsal.Options(
                                plan,
                                source,
                                target,
                                sm,
                                tm,
                                300,
                                2,
                                40,
                                1.5,
                                false,
                                false,
                                out,
                                Map.of(),
                                binaries(),
                                "test"),
                        new PrintWriter(progress, true));
        System.out.println(o.screen());
        return o;
    }

    private Path pair(String name, String plan, String source, String target) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("plan.yaml"), plan);
        Files.writeString(d.resolve("source.sql"), source);
        Files.writeString(d.resolve("target.sql"), target);
        return d;
    }

    private static String resource(String path) throws IOException {
        try (var in = RehearseTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theExamplePlanPassesAndTheDataCheckCatchesThePlantedOverlongEmail() throws IOException {
        Path d = Files.createDirectories(dir.resolve("example"));
        Files.writeString(d.resolve("source.sql"), resource("/lrplan/demo/source.sql"));
        Files.writeString(d.resolve("target.sql"), resource("/lrplan/demo/target.sql"));
        // The plan in place: its snapshots and extra step resolve beside it; the rehearsal replaces
        // both endpoints with its own clusters.
        Rehearsal.Outcome o =
                rehearse(
                        Path.of("plans/orders-v13-to-v16/plan.yaml"),
                        d.resolve("source.sql"),
                        d.resolve("target.sql"),
                        "13",
                        "16");
        assertTrue(o.passed(), o.screen());
        JsonNode j = Json.read(o.json().getBytes(StandardCharsets.UTF_8));
        assertTrue(j.get("passed").asBoolean());
        assertEquals(10, j.get("phases").size(), o.json());
        // The fixed point holds: no replica identity, shim, trigger, publication, slot left.
        assertTrue(
                o.screen().contains("both clusters are what their schema files describe"),
                o.screen());
        // The email column narrows (text -> varchar(255)): the planted 256-character value was
        // caught.
        assertTrue(j.get("caught").toString().contains("LR105"), o.json());
        assertTrue(j.get("write_pause_seconds").asDouble() > 0);
        assertTrue(j.get("rows_moved").asLong() > 4 * 300);
        assertTrue(Files.readString(d.resolve("out/rehearsal.md")).contains("**Passed**"));
        assertTrue(Files.isRegularFile(d.resolve("out/compiled/manifest.json")));
    }

    /**
     * Every example plan but pglogical's, rehearsed from its own snapshots; the verdict says what
     * the catalog cannot carry.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "orders-v13-to-v16",
                "plain-upgrade",
                "snapshot-copy-v13-to-v16",
                "pgbouncer-switchover"
            })
    void everyExamplePlanPassesFromLive(String example) throws IOException {
        Path out = dir.resolve("from-live-" + example);
        StringWriter progress = new StringWriter();
        Rehearsal.Outcome o =
                Rehearsal.run(
                        new Rehearsal.Options(
                                Path.of("plans", example, "plan.yaml"),
                                null,
                                null,
                                null,
                                null,
                                200,
                                1,
                                20,
                                0.5,
                                false,
                                true,
                                out,
                                Map.of(),
                                binaries(),
                                "test"),
                        new PrintWriter(progress, true));
        System.out.println(o.screen());
        assertTrue(o.passed(), o.screen());
        assertTrue(o.screen().contains("PostgreSQL 13 -> 16"), o.screen());
        assertTrue(o.screen().contains("do not carry foreign keys"), o.screen());
        assertTrue(
                Files.readString(out.resolve("source-from-live.sql"))
                        .contains("CREATE TABLE public."));
        if (example.equals("pgbouncer-switchover")) {
            assertTrue(o.screen().contains("switchover.pgbouncer: the rehearsal has no pgbouncer"));
        }
    }

    @Test
    void keepLeavesBothClustersRunningAfterTheProcessExits() throws Exception {
        Path out = dir.resolve("keep");
        Process p =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                "dev.lrplan.cli.Main",
                                "rehearse",
                                "plans/plain-upgrade/plan.yaml",
                                "--from-live",
                                "--rows",
                                "20",
                                "--write-seconds",
                                "0",
                                "--keep",
                                "-o",
                                out.toString())
                        .redirectErrorStream(true)
                        .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), log);
        var m =
                java.util.regex.Pattern.compile("old (postgresql://\\S+), new (postgresql://\\S+);")
                        .matcher(log);
        assertTrue(m.find(), log);
        for (String uri : List.of(m.group(1), m.group(2))) {
            // The process is gone; the server answers. Then stop it (as the operator would), from
            // inside: COPY TO PROGRAM runs in the data directory.
            try (var c =
                            dev.lrplan.db.Database.connect(
                                    dev.lrplan.db.ConnInfo.parse(uri, Map.of()));
                    var st = c.createStatement()) {
                var rs =
                        st.executeQuery(
                                "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'public'");
                rs.next();
                assertTrue(rs.getLong(1) > 0, uri);
                try {
                    st.execute("COPY (SELECT 1) TO PROGRAM 'kill -INT $(head -1 postmaster.pid)'");
                } catch (java.sql.SQLException stopping) {
                    // the fast shutdown ends this very session
                }
            }
        }
    }

    @Test
    void thePglogicalExampleIsRefusedSayingWhy() {
        Cli c =
                Cli.run(
                        "rehearse",
                        "plans/pglogical-v96-to-v16/plan.yaml",
                        "--from-live",
                        "-o",
                        dir.resolve("pgl").toString());
        assertEquals(2, c.exit(), c.err());
        assertTrue(c.err().contains("lack the pglogical module"), c.err());
    }

    @Test
    void foreignKeysAndByteaOnMajorsFetchedIntoTheCache() throws IOException {
        String source =
                """
                CREATE TABLE public.authors (id bigserial PRIMARY KEY, name text NOT NULL UNIQUE, avatar bytea);
                CREATE TABLE public.publishers (id serial PRIMARY KEY, name varchar(80) NOT NULL);
                CREATE TABLE public.books (id bigserial PRIMARY KEY, author_id bigint NOT NULL REFERENCES public.authors (id),
                    publisher_id integer REFERENCES public.publishers (id), title text NOT NULL, cover bytea NOT NULL,
                    published date);
                CREATE TABLE public.chapters (book_id bigint NOT NULL REFERENCES public.books (id) ON DELETE CASCADE,
                    n integer NOT NULL, body bytea, PRIMARY KEY (book_id, n));
                CREATE TABLE public.reviews (id uuid PRIMARY KEY, book_id bigint NOT NULL REFERENCES public.books (id),
                    reviewer_id bigint REFERENCES public.authors (id), stars smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
                    status text NOT NULL CHECK (status IN ('draft', 'published')), body text);
                CREATE TABLE public.tags (id serial PRIMARY KEY, label text NOT NULL UNIQUE);
                CREATE TABLE public.book_tags (book_id bigint REFERENCES public.books (id) ON DELETE CASCADE,
                    tag_id integer REFERENCES public.tags (id), PRIMARY KEY (book_id, tag_id));
                """;
        String target =
                source.replace("name varchar(80) NOT NULL", "name varchar(200) NOT NULL")
                        .replace("stars smallint NOT NULL", "stars integer NOT NULL");
        Path d =
                pair(
                        "books",
                        """
                        plan: 1
                        name: books_v17
                        source: { url: "${BOOKS_URL}" }
                        target: { schema_file: target.sql, version: 17 }
                        """,
                        "-- Dumped from database version 14.19\n" + source,
                        target);
        Rehearsal.Outcome o =
                rehearse(d.resolve("plan.yaml"), d.resolve("source.sql"), null, null, null);
        assertTrue(o.passed(), o.screen());
        assertTrue(o.screen().contains("PostgreSQL 14 -> 17"), o.screen());
        // Fetched from the repository into the empty cache, as a user's first rehearsal would.
        assertTrue(
                Files.isRegularFile(
                        dir.resolve("cache").resolve(PgBinaries.artifact("14").fileName())));
        assertTrue(
                Files.isRegularFile(
                        dir.resolve("cache").resolve(PgBinaries.artifact("17").fileName())));
        assertFalse(o.screen().contains("rows the generator could not write"), o.screen());
    }

    @Test
    void aTableWithoutPrimaryKeyAndAPartitionedTable() throws IOException {
        String source =
                """
                CREATE TABLE public.events (at timestamptz NOT NULL, kind text NOT NULL, payload jsonb);
                CREATE TABLE public.measurements (id bigint NOT NULL, taken date NOT NULL, value numeric(10,2),
                    PRIMARY KEY (id, taken)) PARTITION BY RANGE (taken);
                CREATE TABLE public.measurements_old PARTITION OF public.measurements FOR VALUES FROM (MINVALUE) TO ('2001-06-01');
                CREATE TABLE public.measurements_new PARTITION OF public.measurements FOR VALUES FROM ('2001-06-01') TO (MAXVALUE);
                CREATE TABLE public.sensors (id serial PRIMARY KEY, name text);
                """;
        Path d =
                pair(
                        "events",
                        """
                        plan: 1
                        name: events_v16
                        source: { url: "${EVENTS_URL}" }
                        target: { schema_file: target.sql, version: 16 }
                        tables:
                          without_primary_key: replica-identity-full
                        """,
                        source,
                        source);
        Rehearsal.Outcome o =
                rehearse(d.resolve("plan.yaml"), d.resolve("source.sql"), null, "13", null);
        assertTrue(o.passed(), o.screen());
    }

    @Test
    void renamesAndANewNotNullColumnFilledByThePlan() throws IOException {
        Path d =
                pair(
                        "accounts",
                        """
                        plan: 1
                        name: accounts_v16
                        source: { url: "${ACCOUNTS_URL}" }
                        target: { schema_file: target.sql, version: 16 }
                        drift:
                          renames: { public.accounts: { login: username } }
                          fill: { public.accounts: { tier: "'basic'" } }
                        tables: { owner: app_owner }
                        rehearse: { source_schema: source.sql }
                        """,
                        """
                        CREATE TABLE public.accounts (id serial PRIMARY KEY, login varchar(40) NOT NULL UNIQUE,
                            fullname text, created timestamp NOT NULL DEFAULT now());
                        CREATE TABLE public.sessions (id bigserial PRIMARY KEY,
                            account_id integer NOT NULL REFERENCES public.accounts (id), started timestamptz NOT NULL);
                        ALTER TABLE public.accounts OWNER TO app_owner;
                        ALTER TABLE public.sessions OWNER TO app_owner;
                        """,
                        """
                        CREATE TABLE public.accounts (id serial PRIMARY KEY, username varchar(40) NOT NULL UNIQUE,
                            fullname text, created timestamp NOT NULL DEFAULT now(), tier text NOT NULL);
                        CREATE TABLE public.sessions (id bigserial PRIMARY KEY,
                            account_id integer NOT NULL REFERENCES public.accounts (id), started timestamptz NOT NULL);
                        ALTER TABLE public.accounts OWNER TO app_owner;
                        ALTER TABLE public.sessions OWNER TO app_owner;
                        """);
        // The plan names the old schema itself (rehearse.source_schema).
        Rehearsal.Outcome o =
                rehearse(d.resolve("plan.yaml"), null, null, "13", null, d.resolve("out"));
        assertTrue(o.passed(), o.screen());
    }

    private static final String POSTGIS_SOURCE =
            """
            CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public;
            CREATE TABLE public.places (id serial PRIMARY KEY, name text, geom public.geometry(Point, 4326));
            CREATE INDEX places_geom ON public.places USING gist (geom);
            CREATE TABLE public.visits (id bigserial PRIMARY KEY, place_id integer, at timestamptz NOT NULL);
            """;

    @Test
    void anExtensionTheEmbeddedServersLackIsReportedAndItsTablesLeftOutWhenThePlanExcludesThem()
            throws IOException {
        Path d =
                pair(
                        "postgis",
                        """
                        plan: 1
                        name: places_v16
                        source: { url: "${PLACES_URL}" }
                        target: { schema_file: target.sql, version: 16 }
                        tables:
                          exclude: [public.places, public.spatial_ref_sys]
                        """,
                        POSTGIS_SOURCE,
                        POSTGIS_SOURCE);
        Rehearsal.Outcome o =
                rehearse(d.resolve("plan.yaml"), d.resolve("source.sql"), null, "13", null);
        assertTrue(o.passed(), o.screen());
        // Reported with where it is and what it takes away, never dropped silently.
        assertTrue(o.screen().contains("source.sql:1:1: CREATE EXTENSION refused: "), o.screen());
        assertTrue(
                o.screen().contains("source.sql:2:1: CREATE TABLE refused (table public.places): "),
                o.screen());
        assertTrue(
                o.screen().contains("extensions the embedded binaries lack: postgis"), o.screen());
    }

    @Test
    void anExtensionsTableThePlanMovesStopsTheRehearsalNamingIt() throws IOException {
        Path d =
                pair(
                        "postgis-moved",
                        """
                        plan: 1
                        name: places2_v16
                        source: { url: "${PLACES_URL}" }
                        target: { schema_file: target.sql, version: 16 }
                        """,
                        POSTGIS_SOURCE,
                        POSTGIS_SOURCE);
        Rehearsal.Outcome o =
                rehearse(d.resolve("plan.yaml"), d.resolve("source.sql"), null, "13", null);
        assertFalse(o.passed());
        assertTrue(o.screen().contains("failed  schemas"), o.screen());
        assertTrue(o.screen().contains("public.places (add them to tables.exclude"), o.screen());
    }

    @Test
    void aMissingShimFailsAtCompileNamingTheColumn() throws IOException {
        Path d =
                pair(
                        "noshim",
                        """
                        plan: 1
                        name: noshim_v16
                        source: { url: "${NOSHIM_URL}" }
                        target: { schema_file: target.sql, version: 16 }
                        drift: { missing_columns: fail }
                        """,
                        "CREATE TABLE public.items (id serial PRIMARY KEY, name text, legacy_code text);\n",
                        "CREATE TABLE public.items (id serial PRIMARY KEY, name text);\n");
        Rehearsal.Outcome o =
                rehearse(d.resolve("plan.yaml"), d.resolve("source.sql"), null, "13", null);
        assertFalse(o.passed());
        assertTrue(o.screen().contains("failed  compile"), o.screen());
        assertTrue(o.screen().contains("legacy_code"), o.screen());
    }

    /**
     * The user's own overlong values (fifty of them: the rehearsal's writers update and delete rows
     * during the sync, and once rewrote the only one before the check ran).
     */
    @Test
    void anOverlongValueOfTheUsersFailsTheSyncAtTheDataCheck() throws IOException {
        Path d =
                pair(
                        "overlong",
                        """
                        plan: 1
                        name: overlong_v16
                        source: { url: "${OVERLONG_URL}" }
                        target: { schema_file: target.sql, version: 16 }
                        """,
                        """
                        CREATE TABLE public.notes (id serial PRIMARY KEY, body text);
                        INSERT INTO public.notes (body) SELECT repeat('z', 300) FROM generate_series(1, 50);
                        """,
                        "CREATE TABLE public.notes (id serial PRIMARY KEY, body varchar(255));\n");
        Rehearsal.Outcome o =
                rehearse(d.resolve("plan.yaml"), d.resolve("source.sql"), null, "13", null);
        assertFalse(o.passed(), o.screen());
        assertTrue(o.screen().contains("failed  sync"), o.screen());
        assertTrue(o.screen().contains("LR105"), o.screen());
        assertTrue(o.screen().contains("public.notes.body"), o.screen());
    }

    @Test
    void aSequenceNearItsMaximumFailsTheRehearsalNamingIt() throws IOException {
        Path d =
                pair(
                        "sequence",
                        """
                        plan: 1
                        name: sequence_v16
                        source: { url: "${SEQUENCE_URL}" }
                        target: { schema_file: target.sql, version: 16 }
                        """,
                        """
                        CREATE TABLE public.tickets (id serial PRIMARY KEY, subject text);
                        SELECT setval('public.tickets_id_seq', 2147483600);
                        """,
                        "CREATE TABLE public.tickets (id serial PRIMARY KEY, subject text);\n");
        Rehearsal.Outcome o =
                rehearse(d.resolve("plan.yaml"), d.resolve("source.sql"), null, "13", null);
        assertFalse(o.passed());
        assertTrue(o.screen().contains("failed  data"), o.screen());
        assertTrue(o.screen().contains("tickets_id_seq"), o.screen());
    }

    @Test
    void theCommandLineExitsFiveOnAFailedRehearsalAndTwoWithoutASourceSchema() throws IOException {
        Path d =
                pair(
                        "cli",
                        """
                        plan: 1
                        name: cli_v16
                        source: { url: "${CLI_URL}" }
                        target: { schema_file: target.sql, version: 16 }
                        drift: { missing_columns: fail }
                        """,
                        "CREATE TABLE public.items (id serial PRIMARY KEY, gone text);\n",
                        "CREATE TABLE public.items (id serial PRIMARY KEY);\n");
        Cli none = Cli.run("rehearse", d.resolve("plan.yaml").toString());
        assertEquals(2, none.exit(), none.err());
        assertTrue(none.err().contains("--source-schema"), none.err());
        Cli failed =
                Cli.run(
                        "rehearse",
                        d.resolve("plan.yaml").toString(),
                        "--source-schema",
                        d.resolve("source.sql").toString(),
                        "--source-version",
                        "13",
                        "--rows",
                        "10",
                        "--write-seconds",
                        "0",
                        "--format",
                        "json",
                        "-o",
                        d.resolve("out").toString());
        assertEquals(5, failed.exit(), failed.err());
        JsonNode j = Json.read(failed.out().getBytes(StandardCharsets.UTF_8));
        assertFalse(j.get("passed").asBoolean());
    }
}
