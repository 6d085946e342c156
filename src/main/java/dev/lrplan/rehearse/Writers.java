package dev.lrplan.rehearse;

import dev.lrplan.db.ConnInfo;
import dev.lrplan.db.Database;
import dev.lrplan.sql.Ident;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The rehearsal's application: {@code n} threads that insert, update and delete on every table of
 * the old cluster at a steady total rate while the sync runs. Inserts use the generator's rows
 * (numbered from a high offset so they do not collide with the generated ones); updates set one
 * non-key column of one row to a new value; deletes remove one row. A write the database refuses
 * for a reason of the schema (a foreign key still referencing the row, a table that publishes no
 * updates because it has no identity) is counted as refused, not as a failure; any other error
 * stops the rehearsal. {@link #stop()} returns when no write is in flight and records when the last
 * one committed.
 */
final class Writers implements AutoCloseable {
    private static final long OFFSET = 1_000_000_000L;

    private final ConnInfo cluster;
    private final Generator generator;
    private final List<Shapes.Shape> tables;
    private final double perThreadRate;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong next = new AtomicLong(OFFSET);
    private final AtomicLong inserts = new AtomicLong();
    private final AtomicLong updates = new AtomicLong();
    private final AtomicLong deletes = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastCommitNanos = new AtomicLong();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile boolean stopped;

    Writers(
            ConnInfo cluster,
            Generator generator,
            List<Shapes.Shape> tables,
            int threads,
            double ratePerSecond) {
        this.cluster = cluster;
        this.generator = generator;
        this.tables = List.copyOf(tables);
        this.perThreadRate = ratePerSecond / Math.max(threads, 1);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::loop, "lrplan-rehearsal-writer-" + i);
            t.setDaemon(true);
            this.threads.add(t);
        }
    }

    void start() {
        threads.forEach(Thread::start);
    }

    private void loop() {
        if (tables.isEmpty()) {
            return;
        }
        long pace = (long) (1_000_000_000L / Math.max(perThreadRate, 0.1));
        try (Connection c = Database.connect(cluster)) {
            c.setAutoCommit(true);
            long due = System.nanoTime();
            while (!stopped) {
                Shapes.Shape t = tables.get(ThreadLocalRandom.current().nextInt(tables.size()));
                int op = ThreadLocalRandom.current().nextInt(10);
                try (Statement st = c.createStatement()) {
                    if (op < 6) {
                        long g = next.incrementAndGet();
                        st.executeUpdate(
                                generator.insert(
                                        t,
                                        "generate_series(" + g + "::bigint, " + g + "::bigint)",
                                        Map.of()));
                        inserts.incrementAndGet();
                    } else if (op < 9) {
                        String set = update(t, next.incrementAndGet());
                        if (set != null) {
                            st.executeUpdate(set);
                            updates.incrementAndGet();
                        }
                    } else {
                        st.executeUpdate(
                                "DELETE FROM "
                                        + Generator.qualified(t.name())
                                        + " WHERE ctid = (SELECT ctid FROM "
                                        + Generator.qualified(t.name())
                                        + " OFFSET floor(random() * 50) LIMIT 1)");
                        deletes.incrementAndGet();
                    }
                    lastCommitNanos.set(System.nanoTime());
                } catch (SQLException e) {
                    if (expected(e)) {
                        refused.incrementAndGet();
                    } else {
                        failure.compareAndSet(null, t.name().display() + ": " + e.getMessage());
                        return;
                    }
                }
                due += pace;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } else if (wait < -1_000_000_000L) {
                    due = System.nanoTime(); // fell behind: do not burst to catch up
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | SQLException e) {
            failure.compareAndSet(null, e.getMessage());
        }
    }

    /** An UPDATE of one row: a column outside every key set to a new value; null if none. */
    private String update(Shapes.Shape t, long g) {
        for (Shapes.Col col : t.columns()) {
            if (col.generated()
                    || col.fromSequence()
                    || t.unique().contains(col.name())
                    || t.checked().contains(col.name())
                    || t.foreignKeys().stream().anyMatch(f -> f.columns().contains(col.name()))) {
                continue;
            }
            String v = generator.value(col.typeOid(), col.typmod(), Long.toString(g), 0);
            if (v == null) {
                continue;
            }
            String table = Generator.qualified(t.name());
            return "UPDATE "
                    + table
                    + " SET "
                    + Ident.of(col.name()).sql()
                    + " = CAST("
                    + v
                    + " AS "
                    + col.type()
                    + ") WHERE ctid = (SELECT ctid FROM "
                    + table
                    + " OFFSET floor(random() * 50) LIMIT 1)";
        }
        return null;
    }

    /** Refusals that come from the schema, which an application would meet too. */
    private static boolean expected(SQLException e) {
        String state = e.getSQLState();
        return "23503".equals(state) // foreign key: a child still references the row
                || "23505".equals(state) // a unique value a generated row already has
                || "23514".equals(state) // a CHECK constraint
                || "23502".equals(state) // NOT NULL (a column the generator has no value for)
                || "55000".equals(state) // no replica identity: the publication refuses it
                || "22003".equals(state); // a value out of its type's range
    }

    /** Stops every writer; returns when none is writing. */
    void stop() throws InterruptedException {
        stopped = true;
        for (Thread t : threads) {
            t.join(30_000);
        }
    }

    long lastCommitNanos() {
        return lastCommitNanos.get();
    }

    String failure() {
        return failure.get();
    }

    String summary() {
        return String.format(
                "%d inserts, %d updates, %d deletes (%d refused by the schema)",
                inserts.get(), updates.get(), deletes.get(), refused.get());
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
