package dev.lrplan.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apply watches the rollback subscription as closely as the forward one: before it drops it at the
 * end of the rollback window, the subscription must be enabled with a running worker and caught up.
 * One that disabled itself is reported by name (writes since then never reached the old cluster)
 * instead of being dropped without a word; enabled again, the cleanup goes on.
 */
class RollbackGateTest {
    @TempDir Path dir;

    /** A failure must not leave the plan's subscription and slots on the shared clusters. */
    @org.junit.jupiter.api.AfterEach
    void dropReplication() {
        ApplyCase.cleanUpAll();
    }

    @Test
    void aDisabledRollbackSubscriptionStopsTheCleanupByName() throws Exception {
        ApplyCase ac = ApplyCase.reference(dir.resolve("gate"));
        assertEquals(0, ac.apply("--all").exit());
        Cli switched = ac.apply("--all", "--writes-stopped");
        assertEquals(0, switched.exit(), switched.out() + switched.err());
        ac.source.exec("ALTER SUBSCRIPTION subs_migration_v16_rollback DISABLE");

        Cli stopped = ac.apply("--all", "--writes-stopped", "--rollback-window-closed");
        assertTrue(stopped.exit() != 0, stopped.out() + stopped.err());
        assertTrue(
                stopped.err()
                        .contains(
                                "gate 'rollback lag': the rollback subscription subs_migration_v16_rollback is disabled"),
                stopped.out() + stopped.err());
        assertEquals(
                1,
                ac.source.queryLong(
                        "SELECT count(*) FROM pg_subscription WHERE subname = 'subs_migration_v16_rollback'"),
                "not dropped");

        // Two late writes, which reach the old cluster only once a lock there is released, 3 s
        // after the cleanup starts: the gate must wait for the new cluster's position through a
        // worker that runs and is blocked. (The gate used to pass on a lag under --max-lag, and
        // once, in CI, the path was cut before a late write arrived. This scenario does not
        // reproduce that: DROP SUBSCRIPTION waits for the blocked worker's transaction.)
        java.sql.Connection lock = ac.source.connect();
        lock.setAutoCommit(false);
        lock.createStatement().execute("LOCK TABLE public.customers IN SHARE MODE");
        ac.source.exec("ALTER SUBSCRIPTION subs_migration_v16_rollback ENABLE");
        ac.target.exec(
                "INSERT INTO public.customers (name, email) VALUES ('late', 'late@example.com')");
        ac.target.exec("INSERT INTO public.audit_log (message) VALUES ('later')");
        Thread release =
                new Thread(
                        () -> {
                            try {
                                Thread.sleep(3000);
                                lock.commit();
                                lock.close();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
        release.start();
        Cli cleaned = ac.apply("--all", "--writes-stopped", "--rollback-window-closed");
        release.join();
        assertEquals(0, cleaned.exit(), cleaned.out() + cleaned.err());
        assertEquals(
                1,
                ac.source.queryLong("SELECT count(*) FROM public.customers WHERE name = 'late'"),
                "the gate waited until the window's writes reached the old cluster");
        assertEquals(
                1,
                ac.source.queryLong(
                        "SELECT count(*) FROM public.audit_log WHERE message = 'later'"),
                "the gate waited until the last write of the window reached the old cluster");
    }
}
