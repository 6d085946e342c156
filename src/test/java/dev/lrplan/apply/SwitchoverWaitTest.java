package dev.lrplan.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * apply waits at the write pause with its connections open (issue 13, item 3): the switchover runs
 * when the operator creates the named file or sends SIGUSR1, not before; the last write before it
 * arrives; the ledger records how the pause was confirmed.
 */
class SwitchoverWaitTest {
    @TempDir Path dir;

    /** A failure must not leave the plan's subscription and slots on the shared clusters. */
    @org.junit.jupiter.api.AfterEach
    void dropReplication() {
        ApplyCase.cleanUpAll();
    }

    @Test
    void waitsForTheFileThenSwitchesOver() throws Exception {
        run("file");
    }

    @Test
    void waitsForSigusr1ThenSwitchesOver() throws Exception {
        run("signal");
    }

    private void run(String how) throws Exception {
        ApplyCase ac = ApplyCase.create(dir.resolve(how), "");
        Cli unused = ac.apply("--all", "--jobs", "2");
        assertEquals(2, unused.exit(), "--jobs on a folder with no copy or index build is refused");
        assertTrue(unused.err().contains("--jobs"), unused.err());
        Cli synced = ac.apply("--all");
        assertEquals(0, synced.exit(), synced.out() + synced.err());
        Path trigger = dir.resolve(how + "-writes-stopped");
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                "dev.lrplan.cli.Main",
                                "apply",
                                ac.out.toString(),
                                "--plan",
                                ac.plan.toString(),
                                "--all",
                                "--gate-timeout",
                                "120"));
        cmd.addAll(
                how.equals("file")
                        ? List.of("--switchover-on-file", trigger.toString())
                        : List.of("--switchover-on-signal"));
        Path log = dir.resolve(how + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        pb.environment().putAll(ac.env);
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("waiting before")) {
                assertTrue(
                        p.isAlive(), "apply ended instead of waiting:\n" + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "never waited:\n" + Files.readString(log));
                Thread.sleep(50);
            }
            Thread.sleep(300);
            assertTrue(p.isAlive(), "it waits");
            assertEquals(
                    1,
                    ac.target.queryLong(
                            "SELECT count(*) FROM pg_subscription WHERE subname = 'subs_migration_v16'"),
                    "nothing switched before the operator said so");
            // The application's last write before it stops.
            ac.source.exec(
                    "INSERT INTO public.customers (name, email) VALUES ('last before the pause', 'last@example.com')");
            if (how.equals("file")) {
                Files.writeString(trigger, "");
            } else {
                new ProcessBuilder("kill", "-USR1", String.valueOf(p.pid())).start().waitFor();
            }
            assertTrue(
                    p.waitFor(180, TimeUnit.SECONDS), "switched over:\n" + Files.readString(log));
            assertEquals(0, p.exitValue(), Files.readString(log));
        } finally {
            p.destroyForcibly();
        }
        String text = Files.readString(log);
        assertTrue(
                text.contains("writes stopped (" + (how.equals("file") ? "file" : "SIGUSR1")),
                text);
        assertEquals(
                0,
                ac.target.queryLong(
                        "SELECT count(*) FROM pg_subscription WHERE subname = 'subs_migration_v16'"),
                "the forward subscription is dropped");
        assertEquals(
                1,
                ac.target.queryLong(
                        "SELECT count(*) FROM public.customers WHERE name = 'last before the pause'"),
                "the last write arrived");
        assertEquals(
                1,
                ac.target.queryLong(
                        "SELECT count(*) FROM lrplan.apply_ledger WHERE file = 'action: writes-stopped'"),
                "the ledger says how the pause was confirmed");
        Cli cleaned = ac.apply("--all", "--rollback-window-closed");
        assertEquals(0, cleaned.exit(), cleaned.out() + cleaned.err());
    }

    @Test
    void ctrlCWhileWaitingSaysWhereItStoppedAndHowToResume() throws Exception {
        // A child inherits an ignored SIGINT (a shell starts background jobs so: mvn ... &), and a
        // JVM that starts with SIGINT ignored never handles it; Ctrl-C cannot be shown then.
        org.junit.jupiter.api.Assumptions.assumeFalse(
                sigintIgnored(),
                "SIGINT is ignored in this process (started in the background?): its children"
                        + " could not be interrupted");
        ApplyCase ac = ApplyCase.reference(dir);
        Path log = dir.resolve("interrupted.log");
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
                                "--all",
                                "--switchover-on-file",
                                dir.resolve("never").toString())
                        .redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        pb.environment().putAll(ac.env);
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("waiting before")) {
                assertTrue(p.isAlive(), Files.readString(log));
                assertTrue(System.nanoTime() < deadline, Files.readString(log));
                Thread.sleep(50);
            }
            // What Ctrl-C sends.
            new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), Files.readString(log));
        } finally {
            p.destroyForcibly();
        }
        String text = Files.readString(log);
        assertTrue(
                text.contains("lrplan: interrupted at 14 14-confirm-final-lsn.source.sql;"), text);
        assertTrue(
                text.contains(
                        "Resume with: lrplan apply "
                                + ac.out
                                + " --plan "
                                + ac.plan
                                + " --all --switchover-on-file"),
                text);
        // And it resumes: through the switchover and the cleanup, nothing left behind.
        Cli rest = ac.apply("--all", "--writes-stopped", "--rollback-window-closed");
        assertEquals(0, rest.exit(), rest.out() + rest.err());
        assertEquals(
                0,
                ac.source.queryLong(
                        "SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE 'subs%'"));
    }

    /** Whether this process ignores SIGINT (bit 2 of SigIgn in /proc/self/status). */
    private static boolean sigintIgnored() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 0x2) != 0;
            }
        }
        return false;
    }
}
