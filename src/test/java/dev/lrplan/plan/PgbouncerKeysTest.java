package dev.lrplan.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** switchover.pgbouncer's keys, pause_timeout's range and spelling among them. */
class PgbouncerKeysTest {
    @TempDir Path dir;

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "2min | 120 |",
                "1s | 1 |",
                "1h | 3600 |",
                "2 weeks | | pause_timeout must be a duration from 1s to 1h",
                "0s | | pause_timeout must be a duration from 1s to 1h",
                "2h | | pause_timeout must be a duration from 1s to 1h",
            })
    void pauseTimeout(String value, Long seconds, String error) throws Exception {
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(
                plan,
                String.join(
                        "\n",
                        "plan: 1",
                        "name: keys",
                        "source: { url: \"host=a dbname=b\" }",
                        "target: { url: \"host=c dbname=d\" }",
                        "switchover:",
                        "  pgbouncer:",
                        "    admin: \"host=127.0.0.1 port=6432 dbname=pgbouncer user=admin\"",
                        "    database: app",
                        "    include_file: /etc/pgbouncer/app.ini",
                        "    target: host=c port=5432 dbname=d",
                        "    source: host=a port=5432 dbname=b",
                        "    pause_timeout: \"" + value + "\"",
                        ""));
        if (seconds != null) {
            Plan p = PlanLoader.load(plan, Map.of());
            assertEquals(seconds, p.switchover().pgbouncer().orElseThrow().pauseTimeoutSeconds());
        } else {
            var e =
                    org.junit.jupiter.api.Assertions.assertThrows(
                            dev.lrplan.diag.DiagnosticException.class,
                            () -> PlanLoader.load(plan, Map.of()));
            assertTrue(e.getMessage().contains(error), e.getMessage());
            assertTrue(e.getMessage().contains("plan.yaml:12:"), "file:line: " + e.getMessage());
        }
    }

    /**
     * The way back writes the entry's old line again: with a rollback path, the plan must give it.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "'' | true | switchover.pgbouncer.source is required with a rollback path",
                "'' | false |",
                "'    source: host=a port=5432 dbname=b' | true |",
                "'    source: host=a password=x' | true | switchover.pgbouncer.source must not hold a password",
            })
    void sourceWithARollbackPath(String sourceLine, boolean rollback, String error)
            throws Exception {
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(
                plan,
                String.join(
                        "\n",
                        "plan: 1",
                        "name: keys",
                        "source: { url: \"host=a dbname=b\" }",
                        "target: { url: \"host=c dbname=d\" }",
                        "switchover:",
                        "  pgbouncer:",
                        "    admin: \"host=127.0.0.1 port=6432 dbname=pgbouncer user=admin\"",
                        "    database: app",
                        "    include_file: /etc/pgbouncer/app.ini",
                        "    target: host=c port=5432 dbname=d",
                        sourceLine,
                        "rollback: { enabled: " + rollback + " }",
                        ""));
        if (error == null) {
            PlanLoader.load(plan, Map.of());
        } else {
            var e =
                    org.junit.jupiter.api.Assertions.assertThrows(
                            dev.lrplan.diag.DiagnosticException.class,
                            () -> PlanLoader.load(plan, Map.of()));
            assertTrue(e.getMessage().contains(error), e.getMessage());
        }
    }
}
