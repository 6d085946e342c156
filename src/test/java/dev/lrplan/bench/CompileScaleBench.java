package dev.lrplan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import dev.lrplan.testing.Launcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's measurement: {@code ./lrplan compile} with both ends live, as a user runs it (the
 * launcher, its JVM options and class-data archive), against {@code pg_dump -s} of the same 13
 * database, in one run, medians of 3: wall time, CPU time (user + system) and peak memory, at
 * 1,000, 10,000 and 30,000 tables (each with an identity key that is integer on 13 and bigint on
 * 16, and two more columns) and at 1,000 tables of 100 columns ("wide": 100,000 columns, half of
 * them integer on 13 and bigint on 16), and at 10,000 tables with a plan that has an entry per
 * table ("10000+e", {@link #entryPerTable}), on servers of its own. Reports to
 * target/bench/compile-scale.txt; asserts nothing on time. {@code -Dlrplan.bench.sizes=1000,10000}
 * chooses the sizes.
 */
@Tag("bench")
class CompileScaleBench {
    @TempDir Path dir;

    private record Measure(double wall, double cpu, long peakKb) {}

    @Test
    void compileAgainstPgDump() throws Exception {
        Launcher.checkBuilt();
        StringBuilder report =
                new StringBuilder(
                        "compile with both ends live (13 -> 16) vs pg_dump -s of the 13 database; medians of 3;"
                                + " ./lrplan (its JVM options and class-data archive)"
                                + (System.getProperty("lrplan.bench.javaOpts") == null
                                        ? ""
                                        : " with " + System.getProperty("lrplan.bench.javaOpts"))
                                + "\n"
                                + " tables   pg_dump wall  cpu    peak  |  compile wall  cpu    peak  |  wall x  cpu x\n");
        // Servers of their own: pg_dump -s locks every table, 30,000 overflow the shared test
        // servers' lock table.
        Map<String, String> settings = new java.util.HashMap<>(Clusters.LOGICAL);
        settings.put("max_locks_per_transaction", "4096");
        try (var c13 = Clusters.start("13", settings);
                var c16 = Clusters.start("16", settings)) {
            for (String size :
                    System.getProperty("lrplan.bench.sizes", "1000,10000,entries,30000,wide")
                            .split(",")) {
                measure(report, size.strip(), c13, c16);
            }
        }
        System.out.print(report);
    }

    /**
     * One size: N tables of 3 columns, or "wide": 1,000 tables of 100 columns (100,000 columns,
     * half of them integer on 13 and bigint on 16).
     */
    private void measure(
            StringBuilder report,
            String size,
            dev.lrplan.sandbox.Cluster c13,
            dev.lrplan.sandbox.Cluster c16)
            throws Exception {
        {
            boolean wide = size.equals("wide");
            boolean entries = size.equals("entries");
            int n = wide ? 1000 : entries ? 10000 : Integer.parseInt(size);
            Db src = Db.create(c13, "scale_src");
            Db tgt = Db.create(c16, "scale_tgt");
            if (wide) {
                createWide(src, n, "int");
                createWide(tgt, n, "bigint");
            } else {
                create(src, n, "int");
                create(tgt, n, "bigint");
            }
            Path plan = dir.resolve("scale" + n + (entries ? "-entries" : "") + ".yaml");
            Files.writeString(
                    plan,
                    "plan: 1\nname: scale\nsource: { url: \"${SRC}\" }\ntarget: { url: \"${DST}\" }\n"
                            + (entries ? entryPerTable(n) : ""));
            Map<String, String> env = Map.of("SRC", src.uri(), "DST", tgt.uri());
            List<Measure> dump = new ArrayList<>();
            List<Measure> compile = new ArrayList<>();
            for (int run = 0; run < 3; run++) {
                dump.add(time(List.of("pg_dump", "-s", "-f", "/dev/null", src.uri()), Map.of()));
                Path out = dir.resolve("out" + n + (entries ? "e" : "") + "-" + run);
                Map<String, String> withOpts = new java.util.HashMap<>(env);
                withOpts.put("LRPLAN_JAVA_OPTS", javaOpts(n, run));
                compile.add(
                        time(
                                Launcher.command("compile", plan.toString(), "-o", out.toString()),
                                withOpts));
            }
            Measure d = median(dump);
            Measure c = median(compile);
            String scripts =
                    scripts(dir.resolve("out" + n + (entries ? "e" : "") + "-0"), src, tgt);
            report.append(
                            String.format(
                                    Locale.ROOT,
                                    "%7s   %8.2f s %6.2f s %5d MB | %8.2f s %6.2f s %5d MB | %6.2f %6.2f%n",
                                    wide ? "1000x100" : entries ? "10000+e" : String.valueOf(n),
                                    d.wall,
                                    d.cpu,
                                    d.peakKb / 1024,
                                    c.wall,
                                    c.cpu,
                                    c.peakKb / 1024,
                                    c.wall / d.wall,
                                    c.cpu / Math.max(0.01, d.cpu)))
                    .append(scripts);
            if (n == 10000 && !wide && !entries) {
                BenchTable.put(
                        "P1",
                        "compile 10,000 tables, both ends live (13 → 16), ÷ pg_dump -s of the 13 database;"
                                + " median of 3",
                        String.format(
                                Locale.ROOT,
                                "%.2f s wall (%.2f×), %.2f s CPU (%.2f×), %d MB peak",
                                c.wall,
                                c.wall / d.wall,
                                c.cpu,
                                c.cpu / Math.max(0.01, d.cpu),
                                c.peakKb / 1024),
                        String.format(
                                Locale.ROOT,
                                "pg_dump -s: %.2f s wall, %.2f s CPU, %d MB; goal ≤ 0.5× wall, ≤ 2× CPU, < 300 MB",
                                d.wall,
                                d.cpu,
                                d.peakKb / 1024));
            }
            Path o = Path.of("target/bench/compile-scale.txt");
            Files.createDirectories(o.getParent());
            Files.writeString(o, report.toString());
        }
    }

    /**
     * The folder's size, REVIEW.md's, and the biggest script run as an operator runs it: psql on
     * the cluster it names, its printed SQL piped into psql on the target where it prints any (the
     * tables are empty; it reads and compares them all).
     */
    private static String scripts(Path out, Db src, Db tgt) throws Exception {
        Path biggest = null;
        long total = 0;
        try (var files = Files.list(out)) {
            for (Path f : files.toList()) {
                total += Files.size(f);
                if (f.toString().endsWith(".sql")
                        && (biggest == null || Files.size(f) > Files.size(biggest))) {
                    biggest = f;
                }
            }
        }
        String name = biggest.getFileName().toString();
        Db on = name.contains(".source.") ? src : tgt;
        String cmd =
                "psql -X -q -v ON_ERROR_STOP=1 -f '"
                        + biggest
                        + "' '"
                        + on.uri()
                        + "'"
                        + (name.contains("verify-data") || name.contains("sequence-values")
                                ? " | psql -X -q -v ON_ERROR_STOP=1 -f - '" + tgt.uri() + "'"
                                : " > /dev/null");
        long t0 = System.nanoTime();
        Process p =
                new ProcessBuilder("bash", "-o", "pipefail", "-c", cmd)
                        .redirectErrorStream(true)
                        .start();
        String output = new String(p.getInputStream().readAllBytes());
        int exit = p.waitFor();
        double secs = (System.nanoTime() - t0) / 1e9;
        return String.format(
                Locale.ROOT,
                "          output %.1f MB, REVIEW.md %d KB; biggest script %s (%.1f MB): psql %.2f s%s%n",
                total / 1048576.0,
                Files.size(out.resolve("REVIEW.md")) / 1024,
                name,
                Files.size(biggest) / 1048576.0,
                secs,
                exit == 0 ? "" : " FAILED: " + output.lines().limit(3).toList());
    }

    /**
     * The "entries" case ("10000+e"): a plan with an entry per table in its per-table lists, as a
     * plan for 10,000 tables may have (CompileAtScaleTest checks what it compiles to): include
     * names every table, target_rows truncates every fifth, rollback.exclude every third, and
     * rollback.relaxed accepts every other remaining table's widened key. Its time beside the plain
     * plan's shows whether the lists cost more than their length.
     */
    private static String entryPerTable(int n) {
        StringBuilder p = new StringBuilder("tables:\n  include:\n");
        for (int i = 1; i <= n; i++) {
            p.append("    - public.t").append(i).append('\n');
        }
        p.append("  target_rows:\n");
        for (int i = 5; i <= n; i += 5) {
            p.append("    public.t").append(i).append(": truncate\n");
        }
        p.append("rollback:\n  exclude:\n");
        for (int i = 3; i <= n; i += 3) {
            p.append("    - public.t").append(i).append('\n');
        }
        p.append("  relaxed:\n");
        for (int i = 2; i <= n; i += 2) {
            if (i % 3 != 0) {
                p.append("    - { table: public.t")
                        .append(i)
                        .append(", column: id, action: accept, reason: \"ids stay small\" }\n");
            }
        }
        return p.toString();
    }

    private static void createWide(Db db, int n, String keyType) {
        StringBuilder cols = new StringBuilder();
        for (int i = 1; i <= 99; i++) {
            cols.append(", c").append(i).append(i % 2 == 0 ? " " + keyType : " text");
        }
        for (int from = 1; from <= n; from += 200) {
            db.exec(
                    "DO $$ BEGIN FOR i IN "
                            + from
                            + ".."
                            + Math.min(n, from + 199)
                            + " LOOP EXECUTE format('CREATE TABLE public.w%s (id "
                            + keyType
                            + " GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
                            + cols
                            + ")', i); END LOOP; END $$");
        }
        db.exec("ANALYZE");
    }

    /**
     * Options added after the launcher's own ({@code LRPLAN_JAVA_OPTS}): {@code
     * -Dlrplan.bench.javaOpts}, and {@code -Dlrplan.bench.jfr=DIR} records each run for profiling.
     */
    private static String javaOpts(int n, int run) {
        String jfr = System.getProperty("lrplan.bench.jfr");
        return System.getProperty("lrplan.bench.javaOpts", "")
                + (jfr == null
                        ? ""
                        : " -XX:StartFlightRecording=settings=profile,filename="
                                + jfr
                                + "/compile-"
                                + n
                                + "-"
                                + run
                                + ".jfr");
    }

    private static void create(Db db, int n, String keyType) {
        for (int from = 1; from <= n; from += 1000) {
            db.exec(
                    "DO $$ BEGIN FOR i IN "
                            + from
                            + ".."
                            + Math.min(n, from + 999)
                            + " LOOP EXECUTE format('CREATE TABLE public.t%s (id "
                            + keyType
                            + " GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, v text, w int)', i);"
                            + " END LOOP; END $$");
        }
        db.exec("ANALYZE");
    }

    /** Wall, user + system CPU and peak RSS of a process, from /usr/bin/time. */
    private static Measure time(List<String> cmd, Map<String, String> env) throws Exception {
        Path times = Files.createTempFile("time", ".txt");
        List<String> full =
                new ArrayList<>(
                        List.of("/usr/bin/time", "-f", "%e %U %S %M", "-o", times.toString()));
        full.addAll(cmd);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        Process p = pb.start();
        assertEquals(0, p.waitFor(), String.join(" ", cmd));
        String[] f = Files.readString(times).strip().split("\\s+");
        return new Measure(
                Double.parseDouble(f[0]),
                Double.parseDouble(f[1]) + Double.parseDouble(f[2]),
                Long.parseLong(f[3]));
    }

    private static Measure median(List<Measure> ms) {
        List<Measure> s = new ArrayList<>(ms);
        Collections.sort(s, (a, b) -> Double.compare(a.wall, b.wall));
        return s.get(s.size() / 2);
    }
}
