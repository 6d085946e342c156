package dev.lrplan.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import dev.lrplan.testing.Pgbouncer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An application table on 13 and 16 behind Debian's pgbouncer, compiled with switchover.pgbouncer:
 * what the pgbouncer test and bench share, with pgbench through pgbouncer.
 */
record BouncerCase(
        Db source, Db target, Pgbouncer bouncer, Path plan, Path out, Map<String, String> env) {
    static final Path PGBENCH = Path.of("/usr/lib/postgresql/15/bin/pgbench");

    static BouncerCase create(Path dir, String name, String poolMode, String extraSteps)
            throws Exception {
        Db source = Db.create(Clusters.shared("13"), name + "_src");
        Db target = Db.create(Clusters.shared("16"), name + "_tgt");
        String table =
                "CREATE TABLE app_events (id bigserial PRIMARY KEY, client int NOT NULL,"
                        + " at timestamptz NOT NULL DEFAULT now())";
        source.exec(table);
        target.exec(table);
        source.exec("INSERT INTO app_events (client) SELECT 0 FROM generate_series(1, 100)");
        var c13 = source.cluster();
        var c16 = target.cluster();
        Pgbouncer b =
                Pgbouncer.start(
                        c13.user(),
                        "app",
                        "host=" + c13.host() + " port=" + c13.port() + " dbname=" + source.name(),
                        poolMode);
        Path plan = dir.resolve(name + ".yaml");
        Files.writeString(
                plan,
                String.join(
                        "\n",
                        "plan: 1",
                        "name: " + name,
                        "source: { url: \"${SRC}\" }",
                        "target: { url: \"${DST}\" }",
                        "tables: { schemas: [public] }",
                        "switchover:",
                        "  pgbouncer:",
                        "    admin: \"${BOUNCER}\"",
                        "    database: app",
                        "    include_file: " + b.includeFile(),
                        "    target: host="
                                + c16.host()
                                + " port="
                                + c16.port()
                                + " dbname="
                                + target.name(),
                        "    source: host="
                                + c13.host()
                                + " port="
                                + c13.port()
                                + " dbname="
                                + source.name(),
                        extraSteps,
                        ""));
        Map<String, String> env =
                Map.of("SRC", source.uri(), "DST", target.uri(), "BOUNCER", b.adminUri());
        Path out = dir.resolve(name + "-out");
        Cli compiled = Cli.run(env, "compile", plan.toString(), "-o", out.toString());
        assertEquals(0, compiled.exit(), compiled.out() + compiled.err());
        return new BouncerCase(source, target, b, plan, out, env);
    }

    Cli apply(String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "apply",
                                out.toString(),
                                "--plan",
                                plan.toString(),
                                "--gate-timeout",
                                "120"));
        args.addAll(List.of(more));
        return Cli.run(env, args.toArray(String[]::new));
    }

    /** pgbench through pgbouncer: {@code clients} at {@code rate} transactions a second. */
    Process pgbench(Path dir, int clients, int rate, int seconds) throws Exception {
        Path script = dir.resolve("insert.sql");
        Files.writeString(script, "INSERT INTO app_events (client) VALUES (:client_id);\n");
        return new ProcessBuilder(
                        PGBENCH.toString(),
                        "-n",
                        "-f",
                        script.toString(),
                        "-c",
                        String.valueOf(clients),
                        "-R",
                        String.valueOf(rate),
                        "-T",
                        String.valueOf(seconds),
                        "-M",
                        "simple",
                        "-l",
                        "--log-prefix=" + dir.resolve("pgbench"),
                        "-h",
                        "127.0.0.1",
                        "-p",
                        String.valueOf(bouncer.port()),
                        "-U",
                        source.cluster().user(),
                        "app")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("pgbench.out").toFile())
                .start();
    }

    /** What pgbench reported: transactions, failed, and the longest latency in its logs (s). */
    record Bench(long processed, long failed, double longest, String report) {}

    static Bench finished(Process bench, Path dir) throws Exception {
        assertTrue(bench.waitFor(120, TimeUnit.SECONDS), "pgbench ends");
        String report = Files.readString(dir.resolve("pgbench.out"));
        assertEquals(0, bench.exitValue(), report);
        long maxMicros = 0;
        try (var logs = Files.list(dir)) {
            for (Path log :
                    logs.filter(p -> p.getFileName().toString().matches("pgbench\\.[0-9.]+"))
                            .toList()) {
                for (String line : Files.readAllLines(log)) {
                    String[] f = line.trim().split("\\s+");
                    maxMicros = Math.max(maxMicros, Long.parseLong(f[2]));
                }
            }
        }
        return new Bench(
                number(report, "number of transactions actually processed: (\\d+)"),
                number(report, "number of failed transactions: (\\d+)"),
                maxMicros / 1e6,
                report);
    }

    /** Drops the replication objects: subscriptions and slots are cluster-wide. */
    void cleanUp() {
        Db.dropReplication(source, target);
    }

    static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex + " in:\n" + text);
        return Long.parseLong(m.group(1));
    }
}
