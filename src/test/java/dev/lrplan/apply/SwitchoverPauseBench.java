package dev.lrplan.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.BusyLoops;
import dev.lrplan.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's write pause, as the application sees it, on the reference case (13 → 16): an
 * application writes to the old cluster at a steady rate (about 300 commits a second); apply waits
 * at the write pause with {@code --switchover-on-file}; the application stops, creates the file,
 * and writes to the new cluster as soon as the rollback path exists (the ledger says the
 * rollback-subscription step succeeded). The pause is its last commit on the old cluster to its
 * first on the new one. Medians of 5 (-Dlrplan.bench.runs), quiet and beside two busy loops; each
 * step's share from the ledger. Reports to target/bench/switchover-pause.txt; asserts nothing on
 * time.
 */
@Tag("bench")
class SwitchoverPauseBench {
    @TempDir Path dir;

    /** A failure must not leave the plan's subscription and slots on the shared clusters. */
    @org.junit.jupiter.api.AfterEach
    void dropReplication() {
        ApplyCase.cleanUpAll();
    }

    /** Runs per setting ({@code -Dlrplan.bench.runs}, default 5); the median is reported. */
    private static final int RUNS = Integer.getInteger("lrplan.bench.runs", 5);

    @Test
    void writePause() throws Exception {
        dev.lrplan.testing.Launcher.checkBuilt();
        StringBuilder report =
                new StringBuilder(
                        "write pause, last commit on 13 -> first commit on 16, apply waiting with"
                                + " --switchover-on-file (seconds)\n");
        List<Double> medians = new ArrayList<>();
        for (boolean loaded : new boolean[] {false, true}) {
            List<Double> pauses = new ArrayList<>();
            List<Double> confirms = new ArrayList<>();
            String shares = "";
            BusyLoops busy = BusyLoops.start(loaded ? 2 : 0);
            for (int run = 0; run < RUNS; run++) {
                Object[] r = once(loaded + "-" + run);
                pauses.add((Double) r[0]);
                shares = (String) r[1];
                confirms.add((Double) r[2]);
            }
            busy.close();
            Collections.sort(pauses);
            report.append(
                    String.format(
                            Locale.ROOT,
                            "%s: median %.3f s (runs %s)%n  steps of the last run: %s%n"
                                    + "  confirm-final-lsn in each run, in order: %s%n",
                            loaded ? "beside two busy loops" : "quiet",
                            pauses.get(pauses.size() / 2),
                            pauses,
                            shares,
                            confirms));
            medians.add(pauses.get(pauses.size() / 2));
        }
        dev.lrplan.bench.BenchTable.put(
                "P2",
                "write pause at switchover, as the application sees it (13 → 16, about 300 commits/s; apply"
                        + " waiting with --switchover-on-file), median of "
                        + RUNS,
                String.format(
                        Locale.ROOT,
                        "%.3f s quiet, %.3f s beside two busy loops",
                        medians.get(0),
                        medians.get(1)),
                "goal ≤ 0.3 s");
        Path out = Path.of("target/bench/switchover-pause.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        System.out.print(report);
    }

    private Object[] once(String name) throws Exception {
        ApplyCase ac = ApplyCase.create(dir.resolve(name), "");
        Cli synced = ac.apply("--all");
        assertEquals(0, synced.exit(), synced.out() + synced.err());
        Path trigger = dir.resolve(name + ".go");
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb =
                new ProcessBuilder(
                                dev.lrplan.testing.Launcher.script(),
                                "apply",
                                ac.out.toString(),
                                "--plan",
                                ac.plan.toString(),
                                "--all",
                                "--switchover-on-file",
                                trigger.toString())
                        .redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        pb.environment().putAll(ac.env);
        Process p = pb.start();
        AtomicBoolean writing = new AtomicBoolean(true);
        long[] lastCommit = new long[1];
        Thread app =
                new Thread(
                        () -> {
                            try (Connection c = ac.source.connect();
                                    PreparedStatement ps =
                                            c.prepareStatement(
                                                    "INSERT INTO public.customers (name, email) VALUES ('app', 'a@b')")) {
                                while (writing.get()) {
                                    ps.executeUpdate();
                                    lastCommit[0] = System.nanoTime();
                                    Thread.sleep(3);
                                }
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
        try (Connection tgt = ac.target.connect();
                PreparedStatement done =
                        tgt.prepareStatement(
                                "SELECT EXISTS (SELECT FROM lrplan.apply_ledger WHERE file LIKE"
                                        + " '%rollback-subscription%' AND outcome = 'succeeded')");
                PreparedStatement write =
                        tgt.prepareStatement(
                                "INSERT INTO public.customers (name, email) VALUES ('app on 16', 'a@b')")) {
            app.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("waiting before")) {
                assertTrue(System.nanoTime() < deadline, Files.readString(log));
                Thread.sleep(20);
            }
            Thread.sleep(1000);
            writing.set(false);
            app.join();
            String triggerAt;
            try (var st = tgt.createStatement();
                    ResultSet rs = st.executeQuery("SELECT clock_timestamp()::text")) {
                rs.next();
                triggerAt = rs.getString(1);
            }
            Files.writeString(trigger, "");
            while (true) {
                try (ResultSet rs = done.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        break;
                    }
                }
                assertTrue(p.isAlive() || p.exitValue() == 0, Files.readString(log));
                Thread.sleep(2);
            }
            write.executeUpdate();
            double pause = (System.nanoTime() - lastCommit[0]) / 1e9;
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            Files.createDirectories(Path.of("target/bench"));
            Files.copy(
                    log,
                    Path.of("target/bench/switchover-pause-" + name + ".log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            StringBuilder shares = new StringBuilder();
            double confirm = -1;
            try (PreparedStatement st =
                    tgt.prepareStatement(
                            "SELECT extract(epoch FROM a.finished_at - ?::timestamptz),"
                                    + " extract(epoch FROM (SELECT min(started_at) FROM lrplan.apply_ledger"
                                    + " WHERE id > a.id AND file NOT LIKE 'action:%') - a.finished_at)"
                                    + " FROM lrplan.apply_ledger a WHERE file = 'action: writes-stopped'"); ) {
                st.setString(1, triggerAt);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    shares.append(
                            String.format(
                                    Locale.ROOT,
                                    "file seen %.3f; final-LSN gate %.3f; ",
                                    rs.getDouble(1),
                                    rs.getDouble(2)));
                }
            }
            try (PreparedStatement st =
                            tgt.prepareStatement(
                                    "SELECT file, extract(epoch FROM finished_at - started_at) FROM lrplan.apply_ledger"
                                            + " WHERE started_at >= (SELECT max(finished_at) FROM lrplan.apply_ledger"
                                            + " WHERE file = 'action: writes-stopped') - interval '1 second'"
                                            + " AND outcome = 'succeeded' AND file NOT LIKE 'action:%' ORDER BY id");
                    ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1).contains("confirm-final-lsn")) {
                        confirm = rs.getDouble(2);
                    }
                    shares.append(
                            String.format(
                                    Locale.ROOT,
                                    "%s %.3f; ",
                                    rs.getString(1).replaceAll("\\.(source|target)\\.sql", ""),
                                    rs.getDouble(2)));
                }
            }
            Cli cleaned = ac.apply("--all", "--rollback-window-closed");
            assertEquals(0, cleaned.exit(), cleaned.out() + cleaned.err());
            return new Object[] {pause, shares.toString(), confirm};
        } finally {
            p.destroyForcibly();
        }
    }
}
