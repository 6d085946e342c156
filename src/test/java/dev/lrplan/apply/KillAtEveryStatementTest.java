package dev.lrplan.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor's worst instant: a statement has committed but its progress has not reached the
 * ledger. A trigger on the ledger holds every progress write that has not been tried yet on an
 * advisory lock the test owns; the test then kills apply (SIGKILL) while it waits, and starts it
 * again. Every step of the reference plan is killed this way after each of its statements, and
 * every rerun must go on from there and reach the same end state as an apply that was never killed:
 * equal rows and checksums, no slot, no subscription, shims gone and backed up.
 */
class KillAtEveryStatementTest {
    private static final int LOCK = 4242;

    @TempDir Path dir;

    /** A failure must not leave the plan's subscription and slots on the shared clusters. */
    @org.junit.jupiter.api.AfterEach
    void dropReplication() {
        ApplyCase.cleanUpAll();
    }

    @Test
    void aKillAfterAnyCommittedStatementResumesToTheSameEndState() throws Exception {
        ApplyCase ac = ApplyCase.reference(dir);
        Cli first = ac.apply("--step", "1");
        assertEquals(0, first.exit(), first.out() + first.err());
        ac.target.exec(
                """
                CREATE TABLE public.lrplan_test_killed (step int, done int, PRIMARY KEY (step, done));
                CREATE FUNCTION public.lrplan_test_hold() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF OLD.outcome = 'running' AND NEW.outcome = 'running' AND NEW.statements_done <> OLD.statements_done
                     AND NOT EXISTS (SELECT FROM public.lrplan_test_killed k
                                     WHERE k.step = NEW.step AND k.done = NEW.statements_done) THEN
                    PERFORM set_config('application_name', 'kill ' || NEW.step || ' ' || NEW.statements_done, false);
                    PERFORM pg_advisory_xact_lock(4242);
                  END IF;
                  RETURN NEW;
                END $$;
                CREATE TRIGGER lrplan_test_hold BEFORE UPDATE ON lrplan.apply_ledger
                  FOR EACH ROW EXECUTE PROCEDURE public.lrplan_test_hold();
                """);
        List<String> kills = new ArrayList<>();
        try (Connection holder = ac.target.connect();
                Statement hs = holder.createStatement()) {
            hs.execute("SELECT pg_advisory_lock(" + LOCK + ")");
            for (int run = 0; ; run++) {
                assertTrue(run < 200, "too many runs: " + kills);
                Process child = start(ac, run);
                String point = awaitHeldOrExit(ac, child);
                if (point == null) {
                    String log = Files.readString(dir.resolve("child-" + run + ".log"));
                    assertEquals(
                            0, child.exitValue(), "the last rerun must finish every step:\n" + log);
                    break;
                }
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                String[] p = point.split(" ");
                ac.target.exec(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                                + point
                                + "'; INSERT INTO public.lrplan_test_killed VALUES ("
                                + p[1]
                                + ", "
                                + p[2]
                                + ")");
                // The terminated backend can still be listed, waiting on the lock, for a moment:
                // the
                // next run must not mistake it for its own.
                long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (ac.target.queryLong(
                                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                                                + point
                                                + "'")
                                > 0
                        && System.nanoTime() < gone) {
                    Thread.sleep(20);
                }
                kills.add(p[1] + ":" + p[2]);
            }
        }
        System.out.println(
                "KillAtEveryStatementTest: "
                        + kills.size()
                        + " kills, each followed by a rerun: "
                        + kills);
        assertTrue(kills.size() >= 30, "a kill after every statement of every step: " + kills);
        // Every step that writes was killed at least once.
        // (20, back-sequence-values, is skipped: the window closes without going back.)
        for (int step : new int[] {3, 7, 8, 9, 13, 17, 18, 19, 21, 22, 23, 24}) {
            assertTrue(
                    kills.stream().anyMatch(k -> k.startsWith(step + ":")),
                    "step " + step + " killed: " + kills);
        }
        assertEquals(
                0,
                ac.target.queryLong(
                        "SELECT count(*) FROM lrplan.apply_ledger WHERE outcome = 'running'"));
        assertEquals(
                kills.size(),
                ac.target.queryLong(
                        "SELECT count(*) FROM lrplan.apply_ledger WHERE outcome = 'interrupted'"));
        for (String table : List.of("public.customers", "public.orders")) {
            assertEquals(
                    ac.source.queryLong("SELECT count(*) FROM " + table),
                    ac.target.queryLong("SELECT count(*) FROM " + table),
                    table);
            assertEquals(
                    ac.source.queryString(
                            "SELECT md5(string_agg(id::text, ',' ORDER BY id)) FROM " + table),
                    ac.target.queryString(
                            "SELECT md5(string_agg(id::text, ',' ORDER BY id)) FROM " + table),
                    table);
        }
        assertEquals(
                ac.source.queryString(
                        "SELECT md5(string_agg(legacy_total::text, ',' ORDER BY id)) FROM public.orders"),
                ac.target.queryString(
                        "SELECT md5(string_agg(total_amount::text, ',' ORDER BY id)) FROM public.orders"));
        assertEquals(0, ac.source.queryLong("SELECT count(*) FROM pg_replication_slots"));
        assertEquals(0, ac.target.queryLong("SELECT count(*) FROM pg_replication_slots"));
        assertEquals(0, ac.source.queryLong("SELECT count(*) FROM pg_subscription"));
        assertEquals(0, ac.target.queryLong("SELECT count(*) FROM pg_subscription"));
        assertEquals(0, ac.source.queryLong("SELECT count(*) FROM pg_publication"));
        assertEquals(0, ac.target.queryLong("SELECT count(*) FROM pg_publication"));
        assertEquals(
                0,
                ac.target.queryLong(
                        "SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.orders'::regclass"
                                + " AND attname IN ('legacy_total', 'deprecated_flag') AND NOT attisdropped"));
        assertEquals(
                ac.source.queryLong("SELECT count(*) FROM public.orders"),
                ac.target.queryLong("SELECT count(*) FROM lrplan_backup.\"public.orders\""));
    }

    private Process start(ApplyCase ac, int run) throws Exception {
        ProcessBuilder pb =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-XX:TieredStopAtLevel=1",
                                "-Xshare:auto",
                                "-cp",
                                System.getProperty("java.class.path"),
                                "dev.lrplan.cli.Main",
                                "apply",
                                ac.out.toString(),
                                "--plan",
                                ac.plan.toString(),
                                "--all",
                                "--writes-stopped",
                                "--rollback-window-closed",
                                "--gate-timeout",
                                "120")
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("child-" + run + ".log").toFile());
        pb.environment().putAll(ac.env);
        return pb.start();
    }

    /**
     * The held point ("kill STEP DONE") once apply waits on the lock, or null when it exited first.
     *
     * <p>pg_locks and pg_stat_activity are two snapshots taken one after the other within the
     * query, so a session can be seen waiting on the lock with the name it had before the trigger
     * renamed it ("lrplan apply"). Only a renamed waiter is a held point; the poll goes on until
     * the two snapshots agree.
     */
    private static String awaitHeldOrExit(ApplyCase ac, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        try (Connection c = ac.target.connect();
                Statement st = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs =
                        st.executeQuery(
                                "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a "
                                        + "USING (pid) WHERE l.locktype = 'advisory' AND l.objid = "
                                        + LOCK
                                        + " AND NOT l.granted AND a.application_name LIKE 'kill %'")) {
                    if (rs.next()) {
                        return rs.getString(1);
                    }
                }
                if (child.waitFor(50, TimeUnit.MILLISECONDS)) {
                    return null;
                }
            }
        }
        throw new AssertionError("apply neither waited on the ledger nor finished within 180 s");
    }
}
