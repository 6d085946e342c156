package dev.lrplan.apply;

import java.io.PrintWriter;

/**
 * A gate's progress: on a terminal one line redrawn in place with a bar; otherwise (CI, a log file)
 * a plain line at most every few seconds and one at the end.
 */
public final class ProgressLine {
    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private long lastPlain;
    private boolean drawn;

    public ProgressLine(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /**
     * @param fraction between 0 and 1, or negative when there is no meaningful fraction
     */
    public void show(String gate, double fraction, String text) {
        if (terminal) {
            String bar = fraction < 0 ? "" : bar(fraction) + " ";
            out.print("\r\033[2K  " + gate + " " + bar + text);
            drawn = true;
            out.flush();
        } else if (System.nanoTime() - lastPlain >= PLAIN_EVERY_NANOS) {
            lastPlain = System.nanoTime();
            out.println("  " + gate + ": " + text);
            out.flush();
        }
    }

    public void done(String gate, String text) {
        if (terminal && drawn) {
            out.print("\r\033[2K");
        }
        out.println("  " + gate + ": " + text);
        out.flush();
    }

    private static String bar(double fraction) {
        int width = 24;
        int full = (int) Math.round(Math.max(0, Math.min(1, fraction)) * width);
        return "[" + "#".repeat(full) + ".".repeat(width - full) + "]";
    }
}
