package dev.lrplan.cli;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.catalog.Introspector;
import dev.lrplan.catalog.Snapshots;
import dev.lrplan.db.ConnInfo;
import dev.lrplan.db.Database;
import dev.lrplan.finding.Finding;
import dev.lrplan.inspect.Readiness;
import dev.lrplan.inspect.ReportFormat;
import dev.lrplan.inspect.Role;
import dev.lrplan.sandbox.Cluster;
import dev.lrplan.sandbox.EmbeddedCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The main job on an embedded default: two throwaway clusters (13 and 16) with the reference case's
 * old and new schemas, each inspected and snapshotted. Compile and apply join it with later issues.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start embedded PostgreSQL 13 and 16 with the reference case's old and new schemas,",
                "inspect both and write their catalog snapshots. Needs nothing but Java."})
final class DemoCommand implements Callable<Integer> {
    private final Context ctx;

    @Mixin
    GlobalOptions global;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "lrplan-demo",
            description = "Where to write the demo's files (default: ${DEFAULT-VALUE}).")
    Path output;

    DemoCommand(Context ctx) {
        this.ctx = ctx;
        this.global = new GlobalOptions(ctx);
    }

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(output);
        Map<String, String> logical = Map.of("wal_level", "logical");
        ctx.out().println("starting embedded PostgreSQL 13 (source) and 16 (target)…");
        long started = System.nanoTime();
        try (Cluster source = EmbeddedCluster.start("13", logical); Cluster target = EmbeddedCluster.start("16", logical)) {
            ctx.out().printf("  source: %s%n  target: %s%n", source.uri("postgres"), target.uri("postgres"));
            Catalog src = prepare(source, "source.sql");
            Catalog tgt = prepare(target, "target.sql");
            report("source", src, Role.SOURCE);
            report("target", tgt, Role.TARGET);
            Snapshots.write(src, output.resolve("source.catalog.json"));
            Snapshots.write(tgt, output.resolve("target.catalog.json"));
            ctx.out().printf("%nwrote %s and %s%n", output.resolve("source.catalog.json"),
                    output.resolve("target.catalog.json"));
        }
        ctx.out().printf("demo finished in %.1f s; both clusters stopped and removed%n",
                (System.nanoTime() - started) / 1e9);
        return ExitCode.OK;
    }

    private Catalog prepare(Cluster cluster, String script) {
        ConnInfo info = ConnInfo.parse(cluster.uri("postgres"), Map.of());
        try (Connection c = Database.connect(info); Statement st = c.createStatement()) {
            st.execute(resource("/lrplan/demo/" + script));
            return Introspector.introspect(c);
        } catch (SQLException e) {
            throw Database.failure("demo setup on " + info.describe(), e);
        }
    }

    private void report(String label, Catalog catalog, Role role) {
        List<Finding> findings = Readiness.assess(catalog, role);
        ctx.out().println();
        ctx.out().print(ReportFormat.text(catalog, role, findings));
    }

    private static String resource(String path) {
        try (InputStream in = DemoCommand.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
