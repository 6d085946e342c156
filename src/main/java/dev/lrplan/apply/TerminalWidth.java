package dev.lrplan.apply;

import java.util.function.IntSupplier;

/**
 * The terminal's width in columns, read again at each redraw (a pane can be resized), from JLine's
 * system terminal: it asks the tty itself (ioctl or stty), where {@code COLUMNS} is rarely exported
 * to a child process. 80 when no terminal answers.
 */
final class TerminalWidth implements IntSupplier {
    private static final int FALLBACK = 80;
    private static volatile org.jline.terminal.Terminal terminal;
    private static volatile boolean failed;

    static final TerminalWidth SYSTEM = new TerminalWidth();

    private TerminalWidth() {}

    @Override
    public int getAsInt() {
        org.jline.terminal.Terminal t = open();
        if (t == null) {
            return FALLBACK;
        }
        int w = t.getWidth();
        return w > 0 ? w : FALLBACK;
    }

    private static org.jline.terminal.Terminal open() {
        if (terminal != null || failed) {
            return terminal;
        }
        synchronized (TerminalWidth.class) {
            if (terminal == null && !failed) {
                try {
                    terminal =
                            org.jline.terminal.TerminalBuilder.builder()
                                    .system(true)
                                    .dumb(true)
                                    .nativeSignals(false)
                                    .signalHandler(
                                            org.jline.terminal.Terminal.SignalHandler.SIG_DFL)
                                    .build();
                } catch (java.io.IOException | RuntimeException e) {
                    failed = true;
                }
            }
        }
        return terminal;
    }
}
