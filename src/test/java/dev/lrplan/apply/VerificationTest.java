package dev.lrplan.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verify-data step at switchover compares every table's count and checksum on both clusters,
 * after the target confirmed the final position. It passes on a clean run (the apply end-to-end
 * tests), and it stops the switchover, naming the table and both counts, when the target lost a row
 * or holds a changed value behind the subscription's back. The forward subscription is still there
 * then: the switchover has not passed its point of no return.
 */
class VerificationTest {
    @TempDir Path dir;

    /** A failure must not leave the plan's subscription and slots on the shared clusters. */
    @org.junit.jupiter.api.AfterEach
    void dropReplication() {
        ApplyCase.cleanUpAll();
    }

    @Test
    void aRowDeletedOnTheTargetStopsTheSwitchover() throws Exception {
        ApplyCase ac = ApplyCase.reference(dir.resolve("deleted"));
        Cli synced = ac.apply("--all");
        assertEquals(0, synced.exit(), synced.out() + synced.err());
        long sourceRows = ac.source.queryLong("SELECT count(*) FROM public.order_items");
        long firstId = ac.source.queryLong("SELECT min(id) FROM public.order_items");
        ac.target.exec(
                "DELETE FROM public.order_items WHERE id = (SELECT min(id) FROM public.order_items)");

        Cli stopped = ac.apply("--all", "--writes-stopped");
        assertEquals(3, stopped.exit(), stopped.out() + stopped.err());
        assertTrue(
                stopped.err()
                        .contains(
                                "lrplan: table public.order_items differs: "
                                        + sourceRows
                                        + " rows on the source, "
                                        + (sourceRows - 1)
                                        + " on the target"),
                stopped.err());
        assertTrue(
                stopped.err()
                        .matches(
                                "(?s).*first differing key range: id >= "
                                        + firstId
                                        + " and id < [0-9]+ \\([0-9]+ rows on the source, [0-9]+ on"
                                        + " the target\\).*"),
                stopped.err());
        assertEquals(
                1,
                ac.target.queryLong("SELECT count(*) FROM pg_subscription"),
                "still before the point of no return");
        ac.target.exec("ALTER SUBSCRIPTION subs_migration_v16 DISABLE");
        ac.target.exec("DROP SUBSCRIPTION subs_migration_v16");
    }

    @Test
    void aValueChangedOnTheTargetStopsTheSwitchoverAndACleanTableIsVerified() throws Exception {
        ApplyCase ac = ApplyCase.reference(dir.resolve("changed"));
        Cli synced = ac.apply("--all");
        assertEquals(0, synced.exit(), synced.out() + synced.err());
        ac.target.exec(
                "UPDATE public.orders SET status = 'tampered' WHERE id = (SELECT min(id) FROM public.orders)");

        Cli stopped = ac.apply("--all", "--writes-stopped");
        assertEquals(3, stopped.exit(), stopped.out() + stopped.err());
        assertTrue(stopped.err().contains("lrplan: table public.orders differs"), stopped.err());
        assertTrue(stopped.err().contains("row checksums"), stopped.err());
        long firstId = ac.source.queryLong("SELECT min(id) FROM public.orders");
        assertTrue(
                stopped.err()
                        .contains("first differing key range: id >= " + firstId + " and id < "),
                stopped.err());
        assertTrue(stopped.err().contains("lrplan: public.customers verified"), stopped.err());
        ac.target.exec("ALTER SUBSCRIPTION subs_migration_v16 DISABLE");
        ac.target.exec("DROP SUBSCRIPTION subs_migration_v16");
    }
}
