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
    private final java.util.function.IntSupplier width;
    private long lastPlain;
    private boolean drawn;

    public ProgressLine(PrintWriter out, boolean terminal) {
        this(out, terminal, TerminalWidth.SYSTEM);
    }

    /**
     * @param width the terminal's columns, asked at each redraw
     */
    ProgressLine(PrintWriter out, boolean terminal, java.util.function.IntSupplier width) {
        this.out = out;
        this.terminal = terminal;
        this.width = width;
    }

    /**
     * @param fraction between 0 and 1, or negative when there is no meaningful fraction
     */
    public void show(String gate, double fraction, String text) {
        if (terminal) {
            out.print("\r\033[2K" + fit(gate, fraction, text, width.getAsInt()));
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

    /**
     * The line as drawn, one column short of the terminal's width, so it never wraps (a wrapped
     * line is not redrawn in place: every redraw would add a line): the bar narrows first, down to
     * 10 cells, then the text is cut with an ellipsis.
     */
    static String fit(String gate, double fraction, String text, int columns) {
        int room = Math.max(columns - 1, 20);
        String head = "  " + gate + " ";
        int barCells = 24;
        while (fraction >= 0
                && barCells > 10
                && head.length() + barCells + 3 + text.length() > room) {
            barCells--;
        }
        String bar = fraction < 0 ? "" : bar(fraction, barCells) + " ";
        String line = head + bar + text;
        if (line.codePointCount(0, line.length()) > room) {
            line = line.substring(0, line.offsetByCodePoints(0, room - 1)) + "…";
        }
        return line;
    }

    private static String bar(double fraction, int width) {
        int full = (int) Math.round(Math.max(0, Math.min(1, fraction)) * width);
        return "[" + "#".repeat(full) + ".".repeat(width - full) + "]";
    }
}
