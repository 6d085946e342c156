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

    @Test
    void whatLrplanCannotHonourIsRefusedBeforeAnyConnection() {
        for (String text :
                List.of("host=@abstract dbname=x", "host=a,b port=1,2 dbname=x", "hostt=x")) {
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
