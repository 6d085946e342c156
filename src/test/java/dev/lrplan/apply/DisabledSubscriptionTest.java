package dev.lrplan.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A subscription that disabled itself (as disable_on_error does after a publisher restart) stops
 * every gate at once, with the remedy, instead of waiting out the gate timeout while the
 * application's writes are stopped; the remedy, {@code apply --resume-subscription}, enables it
 * again, is recorded in the ledger, and the upgrade finishes.
 */
class DisabledSubscriptionTest {
    @TempDir Path dir;

    /** A failure must not leave the plan's subscription and slots on the shared clusters. */
    @org.junit.jupiter.api.AfterEach
    void dropReplication() {
        ApplyCase.cleanUpAll();
    }

    @Test
    void aDisabledSubscriptionStopsTheFinalLsnGateAtOnceAndCanBeResumed() throws Exception {
        ApplyCase ac = ApplyCase.reference(dir);
        Cli synced = ac.apply("--through", "11");
        assertEquals(0, synced.exit(), synced.out() + synced.err());
        ac.target.exec("ALTER SUBSCRIPTION subs_migration_v16 DISABLE");
        ac.source.exec(
                "INSERT INTO public.customers (name, email) VALUES ('x', 'after-disable@example.com')");

        Cli held = ac.apply("--all", "--writes-stopped");
        assertEquals(3, held.exit(), held.out() + held.err());
        assertTrue(
                held.err().contains("subscription subs_migration_v16 is disabled on the target"),
                held.err());
        assertTrue(held.err().contains("--resume-subscription"), held.err());
        assertFalse(held.err().contains("timed out"), held.err());

        Cli resumed =
                ac.apply(
                        "--all",
                        "--writes-stopped",
                        "--rollback-window-closed",
                        "--resume-subscription");
        assertEquals(0, resumed.exit(), resumed.out() + resumed.err());
        assertTrue(
                resumed.out().contains("resumed subscription subs_migration_v16"), resumed.out());
        assertEquals(
                1,
                ac.target.queryLong(
                        "SELECT count(*) FROM public.customers WHERE email = 'after-disable@example.com'"));
        assertEquals(
                1,
                ac.target.queryLong(
                        "SELECT count(*) FROM lrplan.apply_ledger WHERE file = 'action: resume-subscription'"));
        assertEquals(
                ac.source.queryLong("SELECT count(*) FROM public.customers"),
                ac.target.queryLong("SELECT count(*) FROM public.customers"));
    }
}
