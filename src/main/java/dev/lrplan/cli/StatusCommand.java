package dev.lrplan.cli;

import dev.lrplan.apply.Folder;
import dev.lrplan.db.Database;
import dev.lrplan.plan.Plan;
import dev.lrplan.plan.PlanLoader;
import dev.lrplan.status.Status;
import dev.lrplan.status.StatusReader;
import dev.lrplan.status.StatusText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lrplan status PLAN|DIR}: where the migration stands, from both clusters, on one screen.
 */
@Command(
        name = "status",
        header = "Show sync state, lag, errors and the next step. Reads only.",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Show the initial sync state of each table, slot and apply lag, subscription errors, sequence",
            "differences and (for a compiled folder) which step is next. Reads only."
        })
final class StatusCommand implements Callable<Integer> {
    private final Context ctx;

    @Mixin GlobalOptions global;

    @Parameters(
            index = "0",
            paramLabel = "PLAN|DIR",
            description = "A plan file, or a folder written by lrplan compile.")
    Path what;

    @Mixin Connections connections;

    @Option(
            names = "--format",
            paramLabel = "text|json",
            defaultValue = "text",
            description = "Output format.")
    String format;

    @Option(
            names = "--watch",
            arity = "0..1",
            fallbackValue = "2",
            paramLabel = "SECONDS",
            description =
                    "Read again every SECONDS (default 2) until interrupted, each reading headed by"
                            + " its time (JSON: one document per line, with \"at\").")
    Double watch;

    @Option(
            names = "--count",
            paramLabel = "N",
            description = "With --watch: stop after N readings.")
    Integer count;

    StatusCommand(Context ctx) {
        this.ctx = ctx;
        this.global = new GlobalOptions(ctx);
        this.connections = new Connections();
    }

    @Override
    public Integer call() throws IOException {
        ctx.json("json".equals(format));
        if (!format.equals("text") && !format.equals("json")) {
            throw new UsageException("--format must be text or json, not " + format);
        }
        Folder manifest = null;
        String plan;
        String subscription;
        String slot;
        if (Files.isDirectory(what)) {
            manifest = Folder.read(what);
            plan = manifest.planName();
            subscription = manifest.subscription();
            slot = manifest.slot();
        } else {
            Plan p = PlanLoader.load(what, ctx.env());
            connections.plan = connections.plan == null ? what : connections.plan;
            plan = p.name();
            subscription = p.replication().subscription();
            slot = p.replication().slot();
        }
        if (watch != null && !(watch >= 0.1)) {
            throw new UsageException("--watch takes at least 0.1 seconds");
        }
        if (count != null && (watch == null || count < 1)) {
            throw new UsageException("--count needs --watch and a number of at least 1");
        }
        Connections.Pair pair = connections.resolve(ctx.env());
        Status.Endpoints clusters =
                new Status.Endpoints(pair.source().describe(), pair.target().describe());
        int readings = 0;
        while (true) {
            String at =
                    java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)
                            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                            .toString();
            try (Connection source = Database.connect(pair.source());
                    Connection target = Database.connect(pair.target())) {
                Status s =
                        StatusReader.read(
                                plan, clusters, subscription, slot, manifest, source, target);
                if (format.equals("json")) {
                    if (watch == null) {
                        ctx.out().println(dev.lrplan.json.Json.write(s));
                    } else {
                        java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
                        doc.put("at", at);
                        doc.put("status", s);
                        ctx.out()
                                .println(
                                        dev.lrplan.json.Json.write(doc)
                                                .replaceAll("\\s*\\n\\s*", " "));
                    }
                } else {
                    if (watch != null) {
                        ctx.out().printf("--- %s ---%n", at);
                    }
                    StatusText.print(s, ctx.out());
                }
            } catch (SQLException e) {
                if (watch == null) {
                    throw Database.failure("status", e);
                }
                // A watch outlives a restart or a dropped connection: say so and read again.
                ctx.out().printf("--- %s --- could not read: %s%n", at, e.getMessage());
            } catch (dev.lrplan.diag.DatabaseException e) {
                if (watch == null) {
                    throw e;
                }
                ctx.out().printf("--- %s --- could not read: %s%n", at, e.getMessage());
            }
            ctx.out().flush();
            readings++;
            if (watch == null || (count != null && readings >= count)) {
                return ExitCode.OK;
            }
            try {
                Thread.sleep((long) (watch * 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCode.OK;
            }
        }
    }
}
