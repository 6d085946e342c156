package dev.lrplan.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table published insert-only forwards (no row identity) is published back the same way on the
 * rollback path: rows the new application inserts reach the old cluster, and REVIEW.md says that
 * its updates and deletes do not.
 */
class RollbackInsertOnlyTest {
    @TempDir Path dir;

    /** A failure must not leave the plan's subscription and slots on the shared clusters. */
    @org.junit.jupiter.api.AfterEach
    void dropReplication() {
        ApplyCase.cleanUpAll();
    }

    @Test
    void insertsIntoAnInsertOnlyTableReachTheOldCluster() throws Exception {
        ApplyCase ac = ApplyCase.create(dir, "");
        Path plan = ac.plan;
        Files.writeString(
                plan,
                Files.readString(plan)
                        .replace(
                                "without_primary_key: replica-identity-full",
                                "without_primary_key: insert-only"));
        Cli compiled = Cli.run(ac.env, "compile", plan.toString(), "-o", ac.out.toString());
        assertEquals(0, compiled.exit(), compiled.err());
        assertTrue(
                Files.readString(ac.out.resolve("REVIEW.md"))
                        .contains("| public.audit_log | INSERT only"),
                "REVIEW.md names it");
        Cli switched = ac.apply("--all", "--writes-stopped");
        assertEquals(0, switched.exit(), switched.out() + switched.err());
        ac.target.exec(
                "INSERT INTO public.audit_log (message) VALUES ('written on the new cluster')");
        ac.source.await(
                "SELECT EXISTS (SELECT FROM public.audit_log WHERE message = 'written on the new cluster')",
                60,
                "the insert reached the old cluster through the rollback path");
        Cli cleaned = ac.apply("--all", "--writes-stopped", "--rollback-window-closed");
        assertEquals(0, cleaned.exit(), cleaned.out() + cleaned.err());
        assertEquals(0, ac.target.queryLong("SELECT count(*) FROM pg_publication"));
        assertEquals(0, ac.source.queryLong("SELECT count(*) FROM pg_subscription"));
    }
}
