package dev.lrplan.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An apply killed (SIGKILL) in the middle of a step resumes after the last statement that completed
 * and reaches the same end state; while it runs, a second apply of the same plan is refused by the
 * advisory lock.
 */
class ResumeTest {
    @TempDir Path dir;

    /** A failure must not leave the plan's subscription and slots on the shared clusters. */
    @org.junit.jupiter.api.AfterEach
    void dropReplication() {
        ApplyCase.cleanUpAll();
    }

    @Test
    void aKilledApplyResumesWhereItStoppedAndASecondApplyIsRefused() throws Exception {
        Path sql = dir.resolve("plan/sql");
        Files.createDirectories(sql);
        // No BEGIN: each statement commits on its own, so the kill lands between committed
        // statements.
        Files.writeString(
                sql.resolve("slow.sql"),
                """
                CREATE TABLE public.resume_marker (n int);
                SELECT pg_sleep(15);
                INSERT INTO public.resume_marker VALUES (1);
                """);
        ApplyCase ac =
                ApplyCase.create(
                        dir, "  - { after: target-schema, cluster: target, file: sql/slow.sql }\n");
        Path slowStep;
        try (var files = Files.list(ac.out)) {
            slowStep =
                    files.filter(f -> f.getFileName().toString().contains("user-slow"))
                            .findFirst()
                            .orElseThrow();
        }
        int number = Integer.parseInt(slowStep.getFileName().toString().substring(0, 2));

        ProcessBuilder pb =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                "dev.lrplan.cli.Main",
                                "apply",
                                ac.out.toString(),
                                "--plan",
                                ac.plan.toString(),
                                "--through",
                                Integer.toString(number))
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("child.log").toFile());
        pb.environment().putAll(ac.env);
        Process child = pb.start();
        ac.target.await(
                "SELECT to_regclass('lrplan.apply_ledger') IS NOT NULL", 60, "the ledger exists");
        ac.target.await(
                "SELECT EXISTS (SELECT FROM lrplan.apply_ledger"
                        + " WHERE step = "
                        + number
                        + " AND outcome = 'running' AND statements_done >= 2)",
                60,
                "the slow step's CREATE TABLE committed; pg_sleep is running");

        Cli second = ac.apply("--all");
        assertEquals(4, second.exit(), second.out() + second.err());
        assertTrue(
                second.err().contains("another lrplan apply of plan migration_v16 is running"),
                second.err());

        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(
                0,
                ac.target.queryLong("SELECT count(*) FROM public.resume_marker"),
                "killed before the INSERT");

        Cli resumed = ac.apply("--all", "--writes-stopped", "--rollback-window-closed");
        assertEquals(
                0,
                resumed.exit(),
                resumed.out() + resumed.err() + Files.readString(dir.resolve("child.log")));
        assertTrue(
                resumed.out().contains("after the 2 statement(s) that completed"), resumed.out());
        assertEquals(1, ac.target.queryLong("SELECT count(*) FROM public.resume_marker"));
        assertEquals(
                List.of("interrupted", "succeeded"),
                List.of(
                        ac.target
                                .queryString(
                                        "SELECT string_agg(outcome, ',' "
                                                + "ORDER BY id) FROM lrplan.apply_ledger WHERE step = "
                                                + number)
                                .split(",")));
        assertEquals(
                ac.source.queryLong("SELECT count(*) FROM public.orders"),
                ac.target.queryLong("SELECT count(*) FROM public.orders"));
        assertEquals(
                0,
                ac.source.queryLong(
                        "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()"));
    }
}
