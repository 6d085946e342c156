package dev.lrplan.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.sandbox.Cluster;
import dev.lrplan.testing.Clusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection forms of libpq's documentation (section "Connection Strings" and the environment
 * variables), each parsed by lrplan and used to log in to a live cluster: where it lands (server
 * port, database, user) and what it sets (application_name, options) is read back from the server.
 */
class LibpqFormsLiveTest {
    private static Cluster cluster;
    private static final String DB = "forms db";

    @TempDir static Path dir;

    @BeforeAll
    static void database() throws Exception {
        cluster = Clusters.shared("16");
        try (Connection c = Database.connect(ConnInfo.parse(cluster.uri("postgres"), Map.of()));
                Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS \"" + DB + "\"");
            st.execute("CREATE DATABASE \"" + DB + "\"");
        }
    }

    private record Form(String text, Map<String, String> env) {}

    @Test
    void everyFormLandsWhereItSays() throws Exception {
        int port = cluster.port();
        Path services = dir.resolve("pg_service.conf");
        Files.writeString(
                services,
                "[forms]\nhost=127.0.0.1\nport=" + port + "\ndbname=" + DB + "\nuser=postgres\n");
        Map<String, String> pg =
                Map.of(
                        "PGHOST", "127.0.0.1",
                        "PGPORT", Integer.toString(port),
                        "PGUSER", "postgres");
        List<Form> forms =
                List.of(
                        // URIs
                        new Form(
                                "postgresql://postgres@127.0.0.1:" + port + "/forms%20db",
                                Map.of()),
                        new Form(
                                "postgres://127.0.0.1:" + port + "/forms%20db?user=postgres",
                                Map.of()),
                        new Form(
                                "postgresql:///forms%20db?host=127.0.0.1&port="
                                        + port
                                        + "&user=postgres",
                                Map.of()),
                        new Form(
                                "postgresql://127.0.0.1:" + port + "/forms%20db",
                                Map.of("PGUSER", "postgres")),
                        new Form("postgresql://:" + port + "/forms%20db", with(pg, "PGPORT", "1")),
                        // keyword/value, quoting as libpq does
                        new Form(
                                "host=127.0.0.1 port=" + port + " dbname='forms db' user=postgres",
                                Map.of()),
                        new Form("dbname = 'forms db'", pg),
                        // JDBC
                        new Form(
                                "jdbc:postgresql://127.0.0.1:" + port + "/forms%20db?user=postgres",
                                Map.of()),
                        // a bare database name, the rest from PG* variables
                        new Form("postgres", pg),
                        // a service, and PGSERVICE
                        new Form("service=forms", Map.of("PGSERVICEFILE", services.toString())),
                        new Form(
                                "",
                                Map.of(
                                        "PGSERVICEFILE",
                                        services.toString(),
                                        "PGSERVICE",
                                        "forms")));
        for (Form f : forms) {
            ConnInfo c = ConnInfo.parse(f.text(), f.env());
            try (Connection conn = Database.connect(c);
                    Statement st = conn.createStatement();
                    ResultSet rs =
                            st.executeQuery(
                                    "SELECT inet_server_port(), current_database(), current_user")) {
                rs.next();
                assertEquals(port, rs.getInt(1), f.text());
                String want = f.text().equals("postgres") ? "postgres" : DB;
                assertEquals(want, rs.getString(2), f.text());
                assertEquals("postgres", rs.getString(3), f.text());
            }
            // The string handed to a subscription names the same place, spelled out.
            ConnInfo again = ConnInfo.parse(c.libpq(), Map.of());
            assertEquals(c.describe(), again.describe(), f.text());
        }
    }

    @Test
    void applicationNameAndOptionsReachTheServer() throws Exception {
        String text =
                "postgresql://postgres@127.0.0.1:"
                        + cluster.port()
                        + "/forms%20db?application_name=ticket-42&options=-c%20search_path%3Dpg_catalog"
                        + "&connect_timeout=5";
        try (Connection conn = Database.connect(ConnInfo.parse(text, Map.of()));
                Statement st = conn.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT current_setting('application_name'),"
                                        + " current_setting('search_path')")) {
            rs.next();
            assertEquals("ticket-42", rs.getString(1));
            assertEquals("pg_catalog", rs.getString(2));
        }
        try (Connection conn =
                        Database.connect(
                                ConnInfo.parse(
                                        "dbname='forms db'",
                                        with(
                                                Map.of(
                                                        "PGHOST", "127.0.0.1",
                                                        "PGPORT", Integer.toString(cluster.port()),
                                                        "PGUSER", "postgres",
                                                        "PGAPPNAME", "from-env"),
                                                "PGOPTIONS",
                                                "-c work_mem=7MB")));
                Statement st = conn.createStatement();
                ResultSet rs =
                        st.executeQuery(
                                "SELECT current_setting('application_name'), current_setting('work_mem')")) {
            rs.next();
            assertEquals("from-env", rs.getString(1));
            assertEquals("7MB", rs.getString(2));
        }
    }

    @Test
    void unixSocketsInEveryForm() throws Exception {
        Path sockets = Files.createTempDirectory("lrplan-sockets-");
        Files.setPosixFilePermissions(
                sockets, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        try (Cluster c =
                Clusters.start("16", Map.of("unix_socket_directories", sockets.toString()))) {
            String dir = sockets.toString();
            String enc = dir.replace("/", "%2F");
            int port = c.port();
            List<Form> forms =
                    List.of(
                            new Form(
                                    "host="
                                            + dir
                                            + " port="
                                            + port
                                            + " dbname=postgres user=postgres",
                                    Map.of()),
                            new Form(
                                    "dbname=postgres",
                                    Map.of(
                                            "PGHOST",
                                            dir,
                                            "PGPORT",
                                            Integer.toString(port),
                                            "PGUSER",
                                            "postgres")),
                            new Form(
                                    "postgresql://postgres@" + enc + ":" + port + "/postgres",
                                    Map.of()),
                            new Form(
                                    "postgresql:///postgres?host="
                                            + dir
                                            + "&port="
                                            + port
                                            + "&user=postgres",
                                    Map.of()));
            for (Form f : forms) {
                ConnInfo ci = ConnInfo.parse(f.text(), f.env());
                assertTrue(ci.socket(), f.text());
                try (Connection conn = Database.connect(ci);
                        Statement st = conn.createStatement();
                        ResultSet rs =
                                st.executeQuery(
                                        "SELECT inet_server_port() IS NULL, current_setting('port')::int")) {
                    rs.next();
                    assertTrue(rs.getBoolean(1), "over the socket, not TCP: " + f.text());
                    assertEquals(port, rs.getInt(2), f.text());
                }
                assertTrue(
                        ci.libpq().contains("host='" + dir + "'"),
                        "the subscription's string: " + ci.libpq());
            }
        }
    }

    /**
     * Host lists as libpq tries them: a server that does not answer is passed over, and with
     * target_session_attrs=read-write so is one that only reads; the server's own libpq, given the
     * subscription's string, lands in the same place.
     */
    @Test
    void hostListsLandOnTheFirstServerThatAnswersAsAsked() throws Exception {
        int live = cluster.port();
        int dead;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        try (Cluster readOnly =
                Clusters.start("16", Map.of("default_transaction_read_only", "on"))) {
            int ro = readOnly.port();
            // The same database there, so that only its read-only-ness sets it apart.
            try (Connection conn =
                            Database.connect(ConnInfo.parse(readOnly.uri("postgres"), Map.of()));
                    Statement st = conn.createStatement()) {
                st.execute("SET default_transaction_read_only = off");
                st.execute("CREATE DATABASE \"" + DB + "\"");
            }
            List<Form> forms =
                    List.of(
                            new Form(
                                    "host=127.0.0.1,127.0.0.1 port="
                                            + dead
                                            + ","
                                            + live
                                            + " dbname='forms db' user=postgres",
                                    Map.of()),
                            new Form(
                                    "postgresql://postgres@127.0.0.1:"
                                            + dead
                                            + ",localhost:"
                                            + live
                                            + "/forms%20db",
                                    Map.of()),
                            new Form(
                                    "dbname='forms db'",
                                    Map.of(
                                            "PGHOST", "127.0.0.1,127.0.0.1",
                                            "PGPORT", dead + "," + live,
                                            "PGUSER", "postgres")),
                            new Form(
                                    "jdbc:postgresql://127.0.0.1:"
                                            + dead
                                            + ",127.0.0.1:"
                                            + live
                                            + "/forms%20db?user=postgres",
                                    Map.of()),
                            new Form(
                                    "host=127.0.0.1,127.0.0.1 port="
                                            + ro
                                            + ","
                                            + live
                                            + " dbname='forms db' user=postgres"
                                            + " target_session_attrs=read-write",
                                    Map.of()),
                            new Form(
                                    "postgresql://postgres@127.0.0.1:"
                                            + ro
                                            + ",127.0.0.1:"
                                            + live
                                            + "/forms%20db",
                                    Map.of("PGTARGETSESSIONATTRS", "read-write")));
            try (Connection conn = Database.connect(ConnInfo.parse(cluster.uri(DB), Map.of()));
                    Statement st = conn.createStatement()) {
                st.execute("DROP PUBLICATION IF EXISTS forms_pub");
                st.execute("CREATE PUBLICATION forms_pub");
            }
            for (Form f : forms) {
                ConnInfo c = ConnInfo.parse(f.text(), f.env());
                assertTrue(c.hosts().size() == 2, f.text());
                try (Connection conn = Database.connect(c);
                        Statement st = conn.createStatement();
                        ResultSet rs = st.executeQuery("SELECT current_setting('port')::int")) {
                    rs.next();
                    assertEquals(live, rs.getInt(1), f.text());
                }
                // The subscription's string, read by the server's libpq: connect=true makes it
                // reach the publisher to list the publication's tables.
                try (Connection conn = Database.connect(ConnInfo.parse(cluster.uri(DB), Map.of()));
                        Statement st = conn.createStatement()) {
                    st.execute(
                            "CREATE SUBSCRIPTION forms_sub CONNECTION "
                                    + dev.lrplan.sql.Sql.literal(c.libpq())
                                    + " PUBLICATION forms_pub WITH (connect = true,"
                                    + " create_slot = false, enabled = false)");
                    try (ResultSet rs =
                            st.executeQuery(
                                    "SELECT count(*) FROM pg_subscription WHERE subname = 'forms_sub'")) {
                        rs.next();
                        assertEquals(1, rs.getInt(1), f.text());
                    } finally {
                        st.execute("ALTER SUBSCRIPTION forms_sub SET (slot_name = NONE)");
                        st.execute("DROP SUBSCRIPTION forms_sub");
                    }
                }
            }
        }
    }

    @Test
    void whatLrplanCannotHonourIsRefusedBeforeAnyConnection() {
        for (String text :
                List.of(
                        "host=@abstract dbname=x",
                        "host=a,b port=1,2,3 dbname=x",
                        "host=a,/tmp dbname=x",
                        "hostt=x")) {
            assertThrows(
                    IllegalArgumentException.class, () -> ConnInfo.parse(text, Map.of()), text);
        }
    }

    private static Map<String, String> with(Map<String, String> env, String key, String value) {
        Map<String, String> m = new HashMap<>(env);
        m.put(key, value);
        return m;
    }
}
