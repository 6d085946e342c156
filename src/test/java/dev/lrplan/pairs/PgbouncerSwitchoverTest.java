package dev.lrplan.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import dev.lrplan.testing.CompiledSteps;
import dev.lrplan.testing.Pgbouncer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 4: the switchover through pgbouncer, 13 → 16. pgbench writes through pgbouncer at
 * a steady rate across the switchover: 0 failed transactions, and every row it wrote is on the new
 * cluster. A failure between PAUSE and the re-point resumes the application on the old cluster; a
 * session-pooled entry is refused before anything is paused.
 */
class PgbouncerSwitchoverTest {
    @TempDir Path dir;

    @Test
    void pgbenchThroughPgbouncerLosesNothingAcrossTheSwitchover() throws Exception {
        BouncerCase c = BouncerCase.create(dir, "bouncer_e2e", "transaction", "");
        try (Pgbouncer b = c.bouncer()) {
            Cli synced = c.apply("--all");
            assertEquals(0, synced.exit(), synced.out() + synced.err());
            assertTrue(
                    synced.out().contains("--switchover"),
                    "it stops before the pause and says how to go on:\n" + synced.out());
            Process bench = c.pgbench(dir, 4, 200, 10);
            Thread.sleep(3000);
            Cli switched = c.apply("--all", "--switchover");
            assertEquals(0, switched.exit(), switched.out() + switched.err() + b.log());
            BouncerCase.Bench r = BouncerCase.finished(bench, dir);
            long processed = r.processed();
            assertEquals(0, r.failed(), r.report());
            // Not a measure of speed (the benches measure the pause): pgbench ran through it.
            assertTrue(processed > 0, r.report());
            assertEquals(
                    100 + processed,
                    c.target().queryLong("SELECT count(*) FROM app_events"),
                    "every row pgbench wrote is on the new cluster");
            long onNew =
                    c.target()
                            .queryLong(
                                    "SELECT count(*) FROM app_events WHERE at > (SELECT max(at)"
                                            + " FROM app_events WHERE id <= 100)");
            assertTrue(onNew > 0, "writes went on");
            assertTrue(
                    Files.readString(b.includeFile())
                            .contains("port=" + c.target().cluster().port()),
                    "the include file points at the new cluster");
            assertTrue(versionThrough(b) >= 160000, "pgbouncer's entry reaches the 16 cluster");
            System.out.printf(
                    "pgbench through pgbouncer across the switchover: %d transactions, 0 failed,"
                            + " longest %.3f s%n",
                    processed, r.longest());
            // And back, through pgbouncer, with pgbench still writing: PAUSE, the old cluster
            // confirms the new one's last write, its sequences go ahead, the entry points at it.
            Process again = c.pgbench(dir, 4, 200, 8);
            Thread.sleep(2000);
            Cli back = c.apply("--all", "--going-back");
            assertEquals(0, back.exit(), back.out() + back.err() + b.log());
            BouncerCase.Bench r2 = BouncerCase.finished(again, dir);
            assertEquals(0, r2.failed(), "no failed transaction, no duplicate key: " + r2.report());
            assertEquals(
                    100 + processed + r2.processed(),
                    c.source().queryLong("SELECT count(*) FROM app_events"),
                    "every row pgbench wrote, on either cluster, is on the old cluster");
            assertTrue(
                    Files.readString(b.includeFile())
                            .contains("port=" + c.source().cluster().port()),
                    "the include file points at the old cluster again");
            assertTrue(versionThrough(b) < 140000, "pgbouncer's entry reaches the 13 cluster");
            System.out.printf(
                    "pgbench through pgbouncer across the way back: %d transactions, 0 failed,"
                            + " longest %.3f s%n",
                    r2.processed(), r2.longest());
            Cli done = c.apply("--all", "--rollback-window-closed");
            assertEquals(0, done.exit(), done.out() + done.err());
        } finally {
            // A failure must not leave a subscription on the shared clusters for later tests.
            c.cleanUp();
        }
    }

    @Test
    void aFailureAfterThePauseResumesOnTheOldCluster() throws Exception {
        Path fail = dir.resolve("fail.sql");
        Files.writeString(fail, "SELECT 1 / 0;\n");
        BouncerCase c =
                BouncerCase.create(
                        dir,
                        "bouncer_fail",
                        "transaction",
                        "extra_steps:\n  - { after: verify-data, cluster: target, file: "
                                + fail
                                + " }");
        try (Pgbouncer b = c.bouncer()) {
            assertEquals(0, c.apply("--all").exit());
            Cli failed = c.apply("--all", "--switchover");
            assertEquals(3, failed.exit(), "failed: " + failed.out() + failed.err());
            assertTrue(
                    failed.err().contains("resumed pgbouncer's entry app on the OLD cluster"),
                    failed.err());
            assertTrue(
                    failed.err().contains("Replication to the new cluster goes on"), failed.err());
            assertTrue(versionThrough(b) < 140000, "the application reaches the old cluster");
            assertFalse(
                    Files.readString(b.includeFile())
                            .contains(String.valueOf(c.target().cluster().port())),
                    "the include file was not touched");
        } finally {
            c.cleanUp();
        }
    }

    @Test
    void aSessionPooledEntryIsRefusedBeforeAnythingIsPaused() throws Exception {
        BouncerCase c = BouncerCase.create(dir, "bouncer_session", "session", "");
        try (Pgbouncer b = c.bouncer()) {
            assertEquals(0, c.apply("--all").exit());
            Cli refused = c.apply("--all", "--switchover");
            assertEquals(3, refused.exit(), "failed: " + refused.out() + refused.err());
            assertTrue(refused.err().contains("pools by session"), refused.err());
            try (Connection viaBouncer = DriverManager.getConnection(b.jdbcUrl("app"));
                    Statement st = viaBouncer.createStatement()) {
                st.setQueryTimeout(10);
                st.execute("INSERT INTO app_events (client) VALUES (1)");
            }
            assertEquals(
                    1,
                    c.target()
                            .queryLong(
                                    "SELECT count(*) FROM pg_subscription WHERE subdbid ="
                                            + " (SELECT oid FROM pg_database WHERE datname = current_database())"),
                    "the subscription is still there: nothing of the switchover ran");
        } finally {
            c.cleanUp();
        }
    }

    @Test
    void theStepsRunWithPsqlOnTheAdminConsole() throws Exception {
        BouncerCase c = BouncerCase.create(dir, "bouncer_psql", "transaction", "");
        try (Pgbouncer b = c.bouncer()) {
            for (String step :
                    List.of(
                            "pgbouncer-pause",
                            "pgbouncer-repoint",
                            "pgbouncer-resume",
                            "back-pgbouncer-pause",
                            "back-pgbouncer-repoint",
                            "back-pgbouncer-resume")) {
                if (step.equals("back-pgbouncer-pause")) {
                    assertTrue(
                            Files.readString(b.includeFile())
                                    .contains("port=" + c.target().cluster().port()),
                            "psql's \\o wrote the include file");
                    assertTrue(versionThrough(b) >= 160000, "the entry reaches the 16 cluster");
                }
                Path f = CompiledSteps.file(c.out(), step);
                Process p =
                        new ProcessBuilder(
                                        "psql",
                                        "-X",
                                        "-v",
                                        "ON_ERROR_STOP=1",
                                        "-f",
                                        f.toString(),
                                        b.adminUri())
                                .redirectErrorStream(true)
                                .start();
                String out = new String(p.getInputStream().readAllBytes());
                assertEquals(0, p.waitFor(), step + ":\n" + out);
            }
            assertTrue(
                    Files.readString(b.includeFile())
                            .contains("port=" + c.source().cluster().port()),
                    "and back: the include file names the old cluster");
            assertTrue(
                    versionThrough(b) < 140000, "pgbouncer's entry reaches the 13 cluster again");
        }
        c.cleanUp();
    }

    @Test
    void aPauseHeldByAnOpenTransactionIsUndoneAfterThePlansTimeout() throws Exception {
        BouncerCase c =
                BouncerCase.create(dir, "bouncer_slow", "transaction", "    pause_timeout: 2s");
        try (Pgbouncer b = c.bouncer()) {
            assertEquals(0, c.apply("--all").exit());
            try (Connection app = DriverManager.getConnection(b.jdbcUrl("app"));
                    Statement st = app.createStatement()) {
                // A transaction left open holds its server connection: PAUSE cannot return.
                app.setAutoCommit(false);
                st.execute("SELECT 1");
                long start = System.nanoTime();
                Cli held = c.apply("--all", "--switchover");
                double seconds = (System.nanoTime() - start) / 1e9;
                assertEquals(3, held.exit(), held.out() + held.err());
                assertTrue(seconds < 20, "undone after the plan's 2 s, not 30: " + seconds);
                assertTrue((held.out() + held.err()).contains("RESUME"), held.out() + held.err());
                app.rollback();
            }
            assertTrue(versionThrough(b) < 140000, "the application reaches the old cluster");
        } finally {
            c.cleanUp();
        }
    }

    /** The server version behind pgbouncer's entry, as the application would see it. */
    private static int versionThrough(Pgbouncer b) throws Exception {
        try (Connection viaBouncer = DriverManager.getConnection(b.jdbcUrl("app"));
                Statement st = viaBouncer.createStatement()) {
            st.setQueryTimeout(10);
            try (ResultSet rs =
                    st.executeQuery("SELECT current_setting('server_version_num')::int")) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
