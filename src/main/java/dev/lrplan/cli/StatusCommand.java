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

    StatusCommand(Context ctx) {
        this.ctx = ctx;
        this.global = new GlobalOptions(ctx);
        this.connections = new Connections();
    }

    @Override
    public Integer call() throws IOException {
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
        Connections.Pair pair = connections.resolve(ctx.env());
        try (Connection source = Database.connect(pair.source());
                Connection target = Database.connect(pair.target())) {
            Status s = StatusReader.read(plan, subscription, slot, manifest, source, target);
            if (format.equals("json")) {
                ctx.out().println(dev.lrplan.json.Json.write(s));
            } else {
                StatusText.print(s, ctx.out());
            }
        } catch (SQLException e) {
            throw Database.failure("status", e);
        }
        return ExitCode.OK;
    }
}
