package dev.lrplan.cli;

import dev.lrplan.rehearse.Rehearsal;
import dev.lrplan.rehearse.RehearsalException;
import dev.lrplan.sandbox.PgBinaries;
import dev.lrplan.sandbox.SandboxException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lrplan rehearse}: the user's plan, end to end, on embedded clusters of its majors. */
@Command(
        name = "rehearse",
        header = "Rehearse a plan end to end on embedded clusters of its majors.",
        mixinStandardHelpOptions = true,
        description = {
            "Rehearse a plan on embedded clusters of its source and target majors: load the two schema",
            "files, generate rows (edge values for every type change), compile the plan, apply every step",
            "while writers change every table, switch over, verify, write on the new cluster and see it",
            "reach the old one, clean up, and check that both clusters are again what their schema files",
            "describe. Writes rehearsal.md and rehearsal.json; exits 0 only if every phase passed."
        })
final class RehearseCommand implements Callable<Integer> {
    private final Context ctx;

    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "PLAN", description = "The plan (YAML).")
    Path plan;

    @Option(
            names = "--source-schema",
            paramLabel = "FILE",
            description = "The old cluster's schema: pg_dump --schema-only of the source database.")
    Path sourceSchema;

    @Option(
            names = "--target-schema",
            paramLabel = "FILE",
            description =
                    "The new cluster's schema (pg_dump --schema-only); default: the plan's target.schema_file.")
    Path targetSchema;

    @Option(
            names = "--source-version",
            paramLabel = "MAJOR",
            description =
                    "The source's major (9.6, 10 … 17); default: the schema file's pg_dump header.")
    String sourceVersion;

    @Option(
            names = "--target-version",
            paramLabel = "MAJOR",
            description =
                    "The target's major; default: the plan's target.version, else the file's pg_dump header.")
    String targetVersion;

    @Option(
            names = "--rows",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Rows generated per table (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(
            names = "--writers",
            paramLabel = "N",
            defaultValue = "2",
            description = "Writer connections during the sync (default: ${DEFAULT-VALUE}).")
    int writers;

    @Option(
            names = "--rate",
            paramLabel = "WRITES_PER_SECOND",
            defaultValue = "50",
            description = "All writers' writes per second together (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--write-seconds",
            paramLabel = "SECONDS",
            defaultValue = "5",
            description =
                    "The writers go on at least this long before switchover, so changes stream after"
                            + " the copy (default: ${DEFAULT-VALUE}).")
    double writeSeconds;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            defaultValue = "lrplan-rehearsal",
            description =
                    "Where to write rehearsal.md, rehearsal.json, apply.log and the compiled folder"
                            + " (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(
            names = "--from-live",
            description =
                    "Take both schemas from the plan's source and target (live URLs or snapshots) with"
                            + " lrplan's catalog queries instead of schema files; the verdict lists what"
                            + " they cannot carry (foreign keys, views, functions, triggers, types …).")
    boolean fromLive;

    @Option(
            names = "--keep",
            description = "Leave both clusters running at the end and print how to reach them.")
    boolean keep;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    InspectCommand.Format format;

    RehearseCommand(Context ctx) {
        this.ctx = ctx;
        this.global = new GlobalOptions(ctx);
    }

    @Override
    public Integer call() throws Exception {
        ctx.json(format == InspectCommand.Format.json);
        if (rows < 1 || writers < 0 || !(rate > 0) || !(writeSeconds >= 0)) {
            throw new UsageException(
                    "--rows must be at least 1, --writers and --write-seconds at least 0, --rate above 0");
        }
        Rehearsal.Outcome outcome;
        try {
            outcome =
                    Rehearsal.run(
                            new Rehearsal.Options(
                                    plan,
                                    sourceSchema,
                                    targetSchema,
                                    sourceVersion,
                                    targetVersion,
                                    rows,
                                    writers,
                                    rate,
                                    writeSeconds,
                                    keep,
                                    fromLive,
                                    output,
                                    ctx.env(),
                                    PgBinaries.defaults(ctx.env()),
                                    VersionProvider.version()),
                            format == InspectCommand.Format.json ? ctx.err() : ctx.out());
        } catch (RehearsalException | SandboxException e) {
            throw new UsageException(e.getMessage());
        }
        if (format == InspectCommand.Format.json) {
            ctx.out().println(outcome.json());
        } else {
            ctx.out().print(outcome.screen());
            ctx.out().println("  report: " + output.resolve("rehearsal.md"));
        }
        return outcome.passed() ? ExitCode.OK : ExitCode.REHEARSAL_FAILED;
    }
}
