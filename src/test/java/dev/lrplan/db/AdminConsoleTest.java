package dev.lrplan.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Pgbouncer;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * lrplan's own client for pgbouncer's admin console logs in with each password method pgbouncer
 * offers, and refuses a wrong password with pgbouncer's message. No PostgreSQL server is needed:
 * the console is pgbouncer's own.
 */
class AdminConsoleTest {
    @ParameterizedTest
    @ValueSource(strings = {"plain", "md5", "scram-sha-256"})
    void logsInWithEachPasswordMethod(String method) throws Exception {
        try (Pgbouncer b =
                Pgbouncer.start(
                        "console_admin",
                        "app",
                        "host=127.0.0.1 port=1 dbname=x",
                        "transaction",
                        method,
                        "s3cret pw")) {
            String uri =
                    "postgresql://console_admin@127.0.0.1:"
                            + b.port()
                            + "/pgbouncer?sslmode=disable";
            try (AdminConsole c =
                    AdminConsole.connect(ConnInfo.parse(uri, Map.of("PGPASSWORD", "s3cret pw")))) {
                AdminConsole.Result r = c.query("SHOW DATABASES;", 10_000);
                assertTrue(
                        r.rows().stream().anyMatch(row -> "app".equals(row.get("name"))),
                        r.rows().toString());
                assertEquals("SHOW", r.tag());
            }
            AdminConsole.Failure wrong =
                    assertThrows(
                            AdminConsole.Failure.class,
                            () ->
                                    AdminConsole.connect(
                                            ConnInfo.parse(uri, Map.of("PGPASSWORD", "wrong"))));
            assertTrue(wrong.getMessage().contains("refused the connection"), wrong.getMessage());
            AdminConsole.Failure none =
                    assertThrows(
                            AdminConsole.Failure.class,
                            () ->
                                    AdminConsole.connect(
                                            ConnInfo.parse(uri, Map.of("HOME", "/nonexistent"))));
            assertTrue(none.getMessage().contains("asks for a password"), none.getMessage());
        }
    }
}
