package dev.lrplan.testing;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * CPU-bound load beside a measurement (issue 13's "two busy loops"): daemon threads that spin until
 * closed.
 */
public final class BusyLoops implements AutoCloseable {
    private final AtomicBoolean busy = new AtomicBoolean(true);

    private BusyLoops(int threads) {
        for (int i = 0; i < threads; i++) {
            Thread t =
                    new Thread(
                            () -> {
                                long x = 0;
                                while (busy.get()) {
                                    x += System.nanoTime() % 7;
                                }
                                if (x == 42) {
                                    System.out.print("");
                                }
                            },
                            "busy-loop-" + i);
            t.setDaemon(true);
            t.start();
        }
    }

    /** Starts {@code threads} loops (none for 0). */
    public static BusyLoops start(int threads) {
        return new BusyLoops(threads);
    }

    @Override
    public void close() {
        busy.set(false);
    }
}
