package dev.lrplan.apply;

import dev.lrplan.db.ConnInfo;
import dev.lrplan.db.Database;
import dev.lrplan.sql.Sql;
import dev.lrplan.sql.Statement;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A step whose statements stand alone (build-indexes): its first statement (the cluster guard) runs
 * once, its SET statements run on every connection, and the rest run on {@code jobs} connections at
 * once, each taking the next statement when it is free. Every such statement is safe to run again
 * (IF NOT EXISTS), so a rerun after a failure or a kill needs no per-statement ledger.
 */
final class ParallelStatements {
    private ParallelStatements() {}

    static void run(
            Script script, Connection guardSession, ConnInfo target, int jobs, PrintWriter out)
            throws SQLException {
        List<String> sql =
                script.items().stream().filter(s -> !s.metaCommand()).map(Statement::text).toList();
        if (sql.isEmpty()) {
            return;
        }
        try (java.sql.Statement st = guardSession.createStatement()) {
            st.execute(sql.get(0));
        }
        List<String> setup = new ArrayList<>();
        List<String> work = new ArrayList<>();
        for (String s : sql.subList(1, sql.size())) {
            (s.strip().toUpperCase(Locale.ROOT).startsWith("SET ") ? setup : work).add(s);
        }
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(work);
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        int n = Math.max(1, Math.min(jobs, work.size()));
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Thread t =
                    new Thread(
                            () -> {
                                try (Connection c = Database.connect(target);
                                        java.sql.Statement st = c.createStatement()) {
                                    for (String s : setup) {
                                        st.execute(s);
                                    }
                                    String s;
                                    while (failure.get() == null && (s = queue.poll()) != null) {
                                        long t0 = System.nanoTime();
                                        st.execute(s);
                                        synchronized (out) {
                                            out.printf(
                                                    "  %.1f s  %s%n",
                                                    (System.nanoTime() - t0) / 1e9,
                                                    Sql.printable(firstLine(s)));
                                            out.flush();
                                        }
                                    }
                                } catch (Exception e) {
                                    failure.compareAndSet(null, e);
                                }
                            },
                            "lrplan-parallel-" + (i + 1));
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApplyException.failed("interrupted", e);
            }
        }
        if (failure.get() != null) {
            Exception e = failure.get();
            if (e instanceof SQLException sqlEx) {
                throw sqlEx;
            }
            throw ApplyException.failed(e.getMessage(), e);
        }
        out.printf(
                "  %d statement(s) on %d connection(s) in %.1f s%n",
                work.size(), n, (System.nanoTime() - started) / 1e9);
    }

    private static String firstLine(String s) {
        String l = s.strip().lines().findFirst().orElse("");
        return l.length() > 120 ? l.substring(0, 117) + "..." : l;
    }
}
