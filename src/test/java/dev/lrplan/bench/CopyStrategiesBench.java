package dev.lrplan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

/**
 * Issue 12's measurement, on the same 13 source and a fresh 16 target database per run, in one JVM:
 * the floor (parallel COPY TO STDOUT → COPY FROM STDIN into bare tables on two connections, then
 * the primary keys and indexes on two connections; the faster of two runs), native apply up to the
 * switchover hold, native with deferred indexes, and snapshot-copy. Two datasets: pgbench-shaped
 * accounts (scale {@code -Dlrplan.bench.scale}, default 50, with two secondary indexes on accounts)
 * and many small tables ({@code -Dlrplan.bench.tables}, default 400, 2,000 rows and one secondary
 * index each). Reports seconds and ratios to the floor in target/bench/copy-strategies.txt; asserts
 * nothing on time.
 */
@Tag("bench")
class CopyStrategiesBench {
    @TempDir Path dir;

    private static final int JOBS = 2;

    @Test
    void strategiesAgainstTheFloor() throws Exception {
        int scale = Integer.getInteger("lrplan.bench.scale", 50);
        int many = Integer.getInteger("lrplan.bench.tables", 400);
        StringBuilder report = new StringBuilder();
        report.append(
                String.format(
                        Locale.ROOT,
                        "copy strategies, 13 -> 16, %d connections, one run each (seconds; ratio to the floor)%n",
                        JOBS));
        Db pgbench = Db.create(Clusters.shared("13"), "bench_pgbench");
        pgbench.exec(pgbenchSchema(false));
        pgbench.exec(
                "INSERT INTO pgbench_branches SELECT b, 0, '' FROM generate_series(1, "
                        + scale
                        + ") b;"
                        + "INSERT INTO pgbench_tellers SELECT t, (t - 1) / 10 + 1, 0, '' FROM generate_series(1, "
                        + scale * 10
                        + ") t;"
                        + "INSERT INTO pgbench_accounts SELECT a, (a - 1) / 100000 + 1, 0, '' FROM generate_series(1, "
                        + scale * 100000
                        + ") a");
        pgbench.exec("VACUUM ANALYZE");
        measure(
                report,
                "pgbench scale " + scale + " (2 secondary indexes)",
                pgbench,
                pgbenchSchema(true));
        measure(
                report,
                "pgbench scale " + scale + " (no secondary index)",
                pgbench,
                pgbenchSchema(false));
        Db small = Db.create(Clusters.shared("13"), "bench_many");
        StringBuilder s = new StringBuilder();
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < many; i++) {
            s.append(smallTable(i, false));
            t.append(smallTable(i, true));
            s.append("INSERT INTO public.s")
                    .append(i)
                    .append(" SELECT g, g % 97, md5(g::text) FROM generate_series(1, 2000) g;");
        }
        small.exec(s.toString());
        small.exec("VACUUM ANALYZE");
        measure(report, many + " small tables (1 secondary index each)", small, t.toString());
        Path out = Path.of("target/bench/copy-strategies.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        System.out.print(report);
    }

    private void measure(StringBuilder report, String dataset, Db source, String targetSchema)
            throws Exception {
        report.append(dataset).append('\n');
        // The faster of two: the first copy of a dataset also warms the caches and the JIT.
        double floor = Math.min(floor(source, targetSchema), floor(source, targetSchema));
        report.append(String.format(Locale.ROOT, "  %-28s %7.1f s  1.00x%n", "floor", floor));
        for (String[] v :
                new String[][] {
                    {"native", "strategy: native"},
                    {"native, deferred indexes", "strategy: native, defer_indexes: true"},
                    {"snapshot-copy", "strategy: snapshot-copy"}
                }) {
            double secs = strategy(source, targetSchema, v[0], v[1]);
            report.append(
                    String.format(
                            Locale.ROOT, "  %-28s %7.1f s  %.2fx%n", v[0], secs, secs / floor));
            if (v[0].equals("snapshot-copy") && dataset.contains("2 secondary indexes")) {
                BenchTable.put(
                        "P3",
                        "initial copy to the switchover hold, "
                                + dataset
                                + ", 13 → 16, snapshot-copy ÷ floor",
                        String.format(Locale.ROOT, "%.1f s (%.2f×)", secs, secs / floor),
                        String.format(
                                Locale.ROOT,
                                "floor (parallel COPY into bare tables, then keys and indexes): %.1f s",
                                floor));
            }
        }
    }

    private double strategy(Db source, String targetSchema, String label, String replication)
            throws Exception {
        Db target = Db.create(Clusters.shared("16"), "bench_target");
        target.exec(targetSchema);
        String name =
                "b"
                        + Math.abs(label.hashCode() % 100000)
                        + "_"
                        + target.name().replaceAll("\\D", "");
        Path plan = dir.resolve(name + ".yaml");
        Files.writeString(
                plan,
                "plan: 1\nname: "
                        + name
                        + "\nsource: { url: \"${SRC}\" }\ntarget: { url: \"${DST}\" }\nreplication: { "
                        + replication
                        + " }\nrollback: { enabled: false }\n");
        Map<String, String> env = Map.of("SRC", source.uri(), "DST", target.uri());
        Path out = dir.resolve(name);
        Cli c = Cli.run(env, "compile", plan.toString(), "-o", out.toString());
        assertEquals(0, c.exit(), c.out() + c.err());
        long t0 = System.nanoTime();
        // --jobs only where the folder has steps it sets (apply refuses it elsewhere).
        boolean parallel = Files.readString(out.resolve("manifest.json")).contains("\"runner\"");
        Cli a =
                Cli.run(
                        env,
                        parallel
                                ? new String[] {
                                    "apply",
                                    out.toString(),
                                    "--plan",
                                    plan.toString(),
                                    "--all",
                                    "--jobs",
                                    String.valueOf(JOBS),
                                    "--gate-timeout",
                                    "3600"
                                }
                                : new String[] {
                                    "apply",
                                    out.toString(),
                                    "--plan",
                                    plan.toString(),
                                    "--all",
                                    "--gate-timeout",
                                    "3600"
                                });
        double secs = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, a.exit(), a.out() + a.err());
        Files.createDirectories(Path.of("target/bench"));
        Files.writeString(
                Path.of("target/bench/copy-strategies-" + label.replaceAll("\\W+", "-") + ".log"),
                a.out(),
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        target.exec("ALTER SUBSCRIPTION " + name + "_sub DISABLE");
        target.exec("DROP SUBSCRIPTION " + name + "_sub");
        source.exec("DROP PUBLICATION IF EXISTS " + name + "_pub");
        target.exec("SELECT 1");
        dropDatabase(target);
        return secs;
    }

    /** Parallel COPY into bare tables, then keys and indexes: what no tool can beat by much. */
    private double floor(Db source, String targetSchema) throws Exception {
        Db target = Db.create(Clusters.shared("16"), "bench_floor");
        List<String> creates = new ArrayList<>();
        List<String> after = new ArrayList<>();
        for (String st : targetSchema.split(";")) {
            String x = st.strip();
            if (x.isEmpty()) {
                continue;
            }
            if (x.startsWith("CREATE TABLE")) {
                creates.add(x.replaceAll(" PRIMARY KEY", ""));
            } else {
                after.add(x);
            }
        }
        for (String x : targetSchema.split(";")) {
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile(
                                    "CREATE TABLE (\\S+) \\((\\w+) [^,]+ PRIMARY KEY")
                            .matcher(x.strip());
            if (m.find()) {
                after.add(0, "ALTER TABLE " + m.group(1) + " ADD PRIMARY KEY (" + m.group(2) + ")");
            }
        }
        target.exec(String.join(";", creates));
        List<String> tables = new ArrayList<>();
        try (Connection c = source.connect();
                Statement st = c.createStatement();
                var rs =
                        st.executeQuery(
                                "SELECT format('%I.%I', schemaname, relname) FROM pg_stat_user_tables"
                                        + " ORDER BY pg_relation_size(relid) DESC")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        long t0 = System.nanoTime();
        ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(tables);
        parallel(
                () -> {
                    try (Connection s = source.connect();
                            Connection t = target.connect()) {
                        String table;
                        while ((table = queue.poll()) != null) {
                            CopyOut o =
                                    s.unwrap(PGConnection.class)
                                            .getCopyAPI()
                                            .copyOut("COPY " + table + " TO STDOUT");
                            CopyIn i =
                                    t.unwrap(PGConnection.class)
                                            .getCopyAPI()
                                            .copyIn("COPY " + table + " FROM STDIN");
                            byte[] row;
                            while ((row = o.readFromCopy()) != null) {
                                i.writeToCopy(row, 0, row.length);
                            }
                            i.endCopy();
                        }
                    }
                });
        ConcurrentLinkedQueue<String> ddl = new ConcurrentLinkedQueue<>(after);
        parallel(
                () -> {
                    try (Connection t = target.connect();
                            Statement st = t.createStatement()) {
                        String x;
                        while ((x = ddl.poll()) != null) {
                            st.execute(x);
                        }
                    }
                });
        double secs = (System.nanoTime() - t0) / 1e9;
        dropDatabase(target);
        return secs;
    }

    interface Work {
        void run() throws Exception;
    }

    private static void parallel(Work w) throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            Thread t =
                    new Thread(
                            () -> {
                                try {
                                    w.run();
                                } catch (Exception e) {
                                    failures.add(e);
                                }
                            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    private static void dropDatabase(Db db) {
        try (Connection c = java.sql.DriverManager.getConnection(db.cluster().jdbcUrl("postgres"));
                Statement st = c.createStatement()) {
            st.execute("DROP DATABASE " + db.name());
        } catch (Exception e) {
            // left for the cluster's removal at exit
        }
    }

    private static String pgbenchSchema(boolean indexes) {
        return "CREATE TABLE pgbench_branches (bid int PRIMARY KEY, bbalance int, filler char(88));"
                + "CREATE TABLE pgbench_tellers (tid int PRIMARY KEY, bid int, tbalance int, filler char(84));"
                + "CREATE TABLE pgbench_accounts (aid int PRIMARY KEY, bid int, abalance int, filler char(84));"
                + (indexes
                        ? "CREATE INDEX pgbench_accounts_bid ON pgbench_accounts (bid);"
                                + "CREATE INDEX pgbench_accounts_abalance ON pgbench_accounts (abalance);"
                        : "");
    }

    private static String smallTable(int i, boolean index) {
        return "CREATE TABLE public.s"
                + i
                + " (id int PRIMARY KEY, k int, v text);"
                + (index ? "CREATE INDEX s" + i + "_k ON public.s" + i + " (k);" : "");
    }
}
