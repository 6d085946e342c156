package dev.lrplan.diag;

import java.util.Locale;

/**
 * Phase timings for measuring lrplan itself: with {@code -Dlrplan.timings=true} (e.g. {@code
 * LRPLAN_JAVA_OPTS=-Dlrplan.timings=true ./lrplan compile ...}) each {@link #mark} prints the wall
 * time since the previous mark and the process's CPU time so far to standard error. Off, a mark
 * costs one field read.
 */
public final class Timings {
    private static final boolean ON = Boolean.getBoolean("lrplan.timings");
    private static long last = System.nanoTime();

    /** Where marks go: the command line's standard error, set by {@code cli.Main}. */
    private static java.io.PrintWriter sink;

    private Timings() {}

    /** Sends the marks to {@code err} (the command line's standard error). */
    public static synchronized void printTo(java.io.PrintWriter err) {
        sink = err;
    }

    public static synchronized void mark(String phase) {
        if (!ON || sink == null) {
            return;
        }
        long now = System.nanoTime();
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu =
                os instanceof com.sun.management.OperatingSystemMXBean s
                        ? s.getProcessCpuTime()
                        : -1;
        sink.printf(
                Locale.ROOT,
                "lrplan timing: %-28s %7.3f s wall  %7.3f s process CPU%n",
                phase,
                (now - last) / 1e9,
                cpu / 1e9);
        sink.flush();
        last = now;
    }
}
