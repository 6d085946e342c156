package dev.lrplan.apply;

import dev.lrplan.sql.Sql;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The copy's progress: bytes and rows moved, per table (a line when a table is done) and in total
 * (one line redrawn, with the share of the source's size done and an ETA from the rate so far).
 */
final class CopyProgress {
    private final ProgressLine line;
    private final long totalEstimate;
    private final AtomicLong estimateDone = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final Map<String, Integer> rangesLeft = new HashMap<>();
    private final Map<String, long[]> perTable = new HashMap<>();
    private final Map<String, Long> tableStarted = new HashMap<>();
    private final int tables;
    private int tablesDone;
    private final long started = System.nanoTime();

    CopyProgress(List<CopyLedger.Range> all, ProgressLine line) {
        this.line = line;
        long total = 0;
        for (CopyLedger.Range r : all) {
            total += r.estBytes();
            if (r.finished()) {
                estimateDone.addAndGet(r.estBytes());
            } else {
                rangesLeft.merge(r.relation(), 1, Integer::sum);
            }
        }
        this.totalEstimate = Math.max(1, total);
        this.tables = (int) all.stream().map(CopyLedger.Range::relation).distinct().count();
        this.tablesDone = tables - rangesLeft.size();
    }

    void moved(long b, long r) {
        bytes.addAndGet(b);
        rows.addAndGet(r);
    }

    synchronized void started(CopyLedger.Range r) {
        tableStarted.putIfAbsent(r.relation(), System.nanoTime());
    }

    synchronized void finished(CopyLedger.Range r, long rowCount, long byteCount) {
        estimateDone.addAndGet(r.estBytes());
        long[] t = perTable.computeIfAbsent(r.relation(), k -> new long[2]);
        t[0] += rowCount;
        t[1] += byteCount;
        int left = rangesLeft.merge(r.relation(), -1, Integer::sum);
        if (left == 0) {
            tablesDone++;
            double secs = (System.nanoTime() - tableStarted.get(r.relation())) / 1e9;
            line.done(
                    "copy",
                    String.format(
                            "%s: %,d rows, %s in %.1f s",
                            Sql.printable(r.relation()), t[0], size(t[1]), secs));
        }
    }

    /** Redraws the total every half second until the workers end. */
    void runUntil(List<Thread> workers) {
        for (Thread t : workers) {
            while (t.isAlive()) {
                show();
                try {
                    t.join(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        double secs = (System.nanoTime() - started) / 1e9;
        line.done(
                "copy",
                String.format(
                        "%d of %d tables, %,d rows, %s in %.1f s (%s/s)",
                        tablesDone,
                        tables,
                        rows.get(),
                        size(bytes.get()),
                        secs,
                        size((long) (bytes.get() / Math.max(0.001, secs)))));
    }

    private synchronized void show() {
        double fraction = Math.min(1, estimateDone.get() / (double) totalEstimate);
        double secs = (System.nanoTime() - started) / 1e9;
        String eta =
                fraction > 0.01
                        ? String.format(", ETA %ds", Math.round(secs / fraction - secs))
                        : "";
        line.show(
                "copy",
                fraction,
                String.format(
                        "%d/%d tables, %,d rows, %s of ~%s%s",
                        tablesDone,
                        tables,
                        rows.get(),
                        size(bytes.get()),
                        size(totalEstimate),
                        eta));
    }

    private static String size(long b) {
        if (b < 1024 * 1024) {
            return String.format("%.1f kB", b / 1024.0);
        }
        if (b < 1024L * 1024 * 1024) {
            return String.format("%.1f MB", b / (1024.0 * 1024));
        }
        return String.format("%.2f GB", b / (1024.0 * 1024 * 1024));
    }
}
