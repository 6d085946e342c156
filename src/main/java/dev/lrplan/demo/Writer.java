package dev.lrplan.demo;

import dev.lrplan.db.ConnInfo;
import dev.lrplan.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The demo's application: inserts one order every few milliseconds, first into the old cluster (old
 * schema), then, after switchover, into the new one (new schema). It measures the write pause: from
 * the last write the old cluster accepted to the first the new cluster accepted.
 */
final class Writer implements AutoCloseable {
    private static final long PACE_MILLIS = 5;

    private final Thread thread;
    private volatile Connection next;
    private volatile String nextSql;
    private volatile boolean paused;
    private volatile boolean stopped;
    private volatile long lastOldId;
    private volatile long lastNewId;
    private volatile long lastOldAcceptedNanos;
    private volatile long firstNewAcceptedNanos;
    private volatile long oldWrites;
    private volatile long newWrites;
    private volatile SQLException failure;
    private final Object pauseAck = new Object();
    private volatile boolean idle;

    Writer(ConnInfo oldCluster) {
        this.next = Database.connect(oldCluster);
        this.nextSql =
                "INSERT INTO public.orders (customer_id, status, legacy_total, deprecated_flag) "
                        + "VALUES (1 + (random() * 199)::int, 'new', 19.99, false) RETURNING id";
        this.thread = new Thread(this::loop, "lrplan-demo-writer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        Connection current = null;
        boolean onNew = false;
        try {
            while (!stopped) {
                if (paused) {
                    synchronized (pauseAck) {
                        idle = true;
                        pauseAck.notifyAll();
                    }
                    Thread.sleep(1);
                    continue;
                }
                idle = false;
                if (current != next) {
                    onNew = current != null;
                    current = next;
                }
                try (PreparedStatement ps = current.prepareStatement(nextSql);
                        ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long id = rs.getLong(1);
                    long now = System.nanoTime();
                    if (onNew) {
                        if (newWrites++ == 0) {
                            firstNewAcceptedNanos = now;
                        }
                        lastNewId = id;
                    } else {
                        oldWrites++;
                        lastOldId = id;
                        lastOldAcceptedNanos = now;
                    }
                }
                Thread.sleep(PACE_MILLIS);
            }
        } catch (SQLException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (pauseAck) {
                idle = true;
                pauseAck.notifyAll();
            }
        }
    }

    /**
     * Stops writing (the application is stopped for switchover) and waits until no write is in
     * flight.
     */
    void pause() throws InterruptedException {
        paused = true;
        synchronized (pauseAck) {
            while (!idle && thread.isAlive()) {
                pauseAck.wait(100);
            }
        }
        check();
    }

    /** Points the application at the new cluster and its new schema. */
    void resumeOn(ConnInfo newCluster) {
        Connection old = next;
        next = Database.connect(newCluster);
        nextSql =
                "INSERT INTO public.orders (customer_id, status, total_amount) "
                        + "VALUES (1 + (random() * 199)::int, 'new', 29.99) RETURNING id";
        paused = false;
        try {
            old.close();
        } catch (SQLException ignored) {
            // the old connection is not needed any more
        }
    }

    /** Waits until the new cluster has accepted at least n writes. */
    void awaitNewWrites(long n) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (newWrites < n && System.nanoTime() < deadline && thread.isAlive()) {
            Thread.sleep(10);
        }
        check();
    }

    void check() {
        if (failure != null) {
            throw new IllegalStateException(
                    "the demo writer failed: " + failure.getMessage(), failure);
        }
    }

    long lastOldId() {
        return lastOldId;
    }

    long lastNewId() {
        return lastNewId;
    }

    long oldWrites() {
        return oldWrites;
    }

    long newWrites() {
        return newWrites;
    }

    /**
     * Milliseconds between the last write accepted on the old cluster and the first accepted on the
     * new one.
     */
    double writePauseMillis() {
        return (firstNewAcceptedNanos - lastOldAcceptedNanos) / 1e6;
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(10_000);
        try {
            next.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
