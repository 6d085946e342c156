package dev.lrplan.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lrplan.bench.BenchTable;
import dev.lrplan.testing.BusyLoops;
import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Pgbouncer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, items 3 and 4: the write pause with pgbouncer, as pgbench sees it. pgbench writes
 * through pgbouncer (4 clients, 200 transactions a second) while apply switches over with {@code
 * --switchover}; the pause is pgbench's longest transaction (it queues in pgbouncer from PAUSE to
 * RESUME). Medians of {@code -Dlrplan.bench.runs} (5), quiet and beside two busy loops; every run
 * must end with 0 failed transactions. Reports to target/bench/pgbouncer-pause.txt and the bench
 * table (P2b); asserts nothing on time.
 */
@Tag("bench")
class PgbouncerPauseBench {
    @TempDir Path dir;

    private static final int RUNS = Integer.getInteger("lrplan.bench.runs", 5);

    /** The steps of the last switchover, from pgbouncer-pause to pgbouncer-resume. */
    private String lastSteps = "";

    /** Each step's time from the ledger, pause to resume, and the gaps between them in all. */
    private static String steps(BouncerCase c) throws Exception {
        StringBuilder out = new StringBuilder();
        try (var conn = c.target().connect();
                var st = conn.createStatement();
                var rs =
                        st.executeQuery(
                                "SELECT file, extract(epoch FROM finished_at - started_at),"
                                        + " extract(epoch FROM started_at - lag(finished_at) OVER (ORDER BY id))"
                                        + " FROM lrplan.apply_ledger WHERE outcome = 'succeeded'"
                                        + " AND id >= (SELECT max(id) FROM lrplan.apply_ledger WHERE file LIKE '%pgbouncer-pause%')"
                                        + " AND id <= (SELECT max(id) FROM lrplan.apply_ledger WHERE file LIKE '%pgbouncer-resume%')"
                                        + " ORDER BY id")) {
            double gaps = 0;
            boolean first = true;
            while (rs.next()) {
                if (!first) {
                    gaps += rs.getDouble(3);
                }
                first = false;
                out.append(
                        String.format(
                                Locale.ROOT,
                                "%s %.3f; ",
                                rs.getString(1)
                                        .replaceAll("\\.(source|target|pgbouncer)\\.sql", ""),
                                rs.getDouble(2)));
            }
            out.append(String.format(Locale.ROOT, "between steps %.3f", gaps));
        }
        return out.toString();
    }

    @Test
    void longestTransactionAcrossTheSwitchover() throws Exception {
        StringBuilder report =
                new StringBuilder(
                        "pgbench through pgbouncer across the switchover (13 -> 16, 4 clients, 200 tps):"
                                + " longest transaction, seconds\n");
        List<Double> medians = new ArrayList<>();
        for (boolean loaded : new boolean[] {false, true}) {
            BusyLoops busy = BusyLoops.start(loaded ? 2 : 0);
            List<Double> longest = new ArrayList<>();
            long transactions = 0;
            for (int run = 0; run < RUNS; run++) {
                Path d = Files.createDirectories(dir.resolve(loaded + "-" + run));
                BouncerCase c =
                        BouncerCase.create(
                                d,
                                "bouncer_bench_" + (loaded ? "l" : "q") + run,
                                "transaction",
                                "");
                try (Pgbouncer b = c.bouncer()) {
                    Cli synced = c.apply("--all");
                    assertEquals(0, synced.exit(), synced.out() + synced.err());
                    Process bench = c.pgbench(d, 4, 200, 8);
                    Thread.sleep(3000);
                    Cli switched = c.apply("--all", "--switchover");
                    assertEquals(0, switched.exit(), switched.out() + switched.err());
                    lastSteps = steps(c);
                    BouncerCase.Bench r = BouncerCase.finished(bench, d);
                    if (r.longest() > 2.0) {
                        // Evidence for a stall far beyond the steps' time: pgbouncer's log, apply's
                        // output, and pgbench's slowest transactions.
                        Path slow =
                                Path.of(
                                        "target/bench/pgbouncer-slow-"
                                                + loaded
                                                + "-"
                                                + run
                                                + ".txt");
                        Files.createDirectories(slow.getParent());
                        Files.writeString(
                                slow,
                                "longest "
                                        + r.longest()
                                        + " s\n== steps\n"
                                        + lastSteps
                                        + "\n== apply\n"
                                        + switched.out()
                                        + switched.err()
                                        + "\n== pgbouncer\n"
                                        + b.log()
                                        + "\n== pgbench\n"
                                        + r.report());
                        try (var logs = Files.list(d)) {
                            for (Path log :
                                    logs.filter(
                                                    x ->
                                                            x.getFileName()
                                                                    .toString()
                                                                    .startsWith("pgbench."))
                                            .toList()) {
                                Files.copy(
                                        log,
                                        slow.resolveSibling(
                                                slow.getFileName() + "-" + log.getFileName()),
                                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                            }
                        }
                    }
                    assertEquals(0, r.failed(), r.report());
                    longest.add(r.longest());
                    transactions += r.processed();
                    Cli done = c.apply("--all", "--rollback-window-closed");
                    assertEquals(0, done.exit(), done.out() + done.err());
                }
            }
            busy.close();
            List<Double> sorted = new ArrayList<>(longest);
            Collections.sort(sorted);
            double median = sorted.get(sorted.size() / 2);
            medians.add(median);
            report.append(
                    String.format(
                            Locale.ROOT,
                            "%s: median %.3f s (runs %s), %d transactions, 0 failed%n"
                                    + "  steps of the last run, pause to resume: %s%n",
                            loaded ? "beside two busy loops" : "quiet",
                            median,
                            longest,
                            transactions,
                            lastSteps));
        }
        BenchTable.put(
                "P2b",
                "the same pause through pgbouncer: pgbench's longest transaction across the switchover"
                        + " (4 clients, 200 tps, `apply --switchover`), median of "
                        + RUNS,
                String.format(
                        Locale.ROOT,
                        "%.3f s quiet, %.3f s beside two busy loops; 0 failed transactions",
                        medians.get(0),
                        medians.get(1)),
                "goal ≤ 0.3 s");
        Path out = Path.of("target/bench/pgbouncer-pause.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        System.out.print(report);
    }
}
