package dev.lrplan.cli;

import dev.lrplan.apply.Applier;
import dev.lrplan.apply.ApplyOptions;
import dev.lrplan.apply.Confirmation;
import dev.lrplan.apply.CopySettings;
import dev.lrplan.apply.Folder;
import dev.lrplan.apply.StepSelection;
import dev.lrplan.apply.SwitchoverTrigger;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lrplan apply DIR}: runs the reviewed scripts, one step at a time by default. */
@Command(
        name = "apply",
        header = "Apply a compiled folder step by step, exactly as reviewed.",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Apply a compiled folder exactly as reviewed: every file must match manifest.json, every step runs",
            "only on the cluster it names, and each attempt is recorded in lrplan.apply_ledger on the target.",
            "Runs the next pending step unless told otherwise; a step that succeeded never runs again, a failed or",
            "interrupted one resumes after its last completed statement."
        })
final class ApplyCommand implements Callable<Integer> {
    private final Context ctx;

    @Mixin GlobalOptions global;

    @Parameters(
            index = "0",
            paramLabel = "DIR",
            description = "The folder written by lrplan compile.")
    Path dir;

    @Mixin Connections connections;

    @ArgGroup(exclusive = true)
    Which which;

    static final class Which {
        @Option(
                names = "--step",
                paramLabel = "N",
                description = "Run step N only (every earlier step must have succeeded).")
        Integer step;

        @Option(
                names = "--through",
                paramLabel = "N",
                description = "Run every pending step up to and including N.")
        Integer through;

        @Option(names = "--all", description = "Run every pending step.")
        boolean all;
    }

    @Option(
            names = "--dry-run",
            description = "Show what would run where and why; execute nothing.")
    boolean dryRun;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description =
                    "With --dry-run: text or json (default: ${DEFAULT-VALUE}); json prints one"
                            + " document on stdout, errors too.")
    InspectCommand.Format format;

    @Option(
            names = "--writes-stopped",
            description =
                    "Confirm the application has stopped writing to the source: "
                            + "lets apply run the switchover steps that need it.")
    boolean writesStopped;

    @Option(
            names = "--switchover",
            description =
                    "Go ahead with a switchover in which lrplan stops the writes itself: it pauses"
                            + " the application's pgbouncer entry (switchover.pgbouncer) or makes its"
                            + " roles read-only on the source (switchover.read_only_roles), then"
                            + " switches over.")
    boolean switchover;

    @Option(
            names = "--going-back",
            description =
                    "Go back to the old cluster inside the rollback window: the application has"
                            + " stopped writing to the new cluster; apply runs the back-* steps (the"
                            + " old cluster's sequences past the new one's, once it has every write).")
    boolean goingBack;

    @Option(
            names = "--rollback-window-closed",
            description =
                    "Confirm the way back is no longer needed: lets apply "
                            + "run the steps that drop the rollback path and the drift shims.")
    boolean rollbackWindowClosed;

    @Option(
            names = "--gate-timeout",
            converter = UnitConverters.Duration.class,
            paramLabel = "DURATION",
            defaultValue = "3600",
            description =
                    "How long a gate (initial sync, lag, final LSN) waits: seconds, or 30s, 5min, 1h"
                            + " (default: ${DEFAULT-VALUE} s).")
    long gateTimeout;

    @Option(
            names = "--max-lag",
            converter = UnitConverters.Size.class,
            paramLabel = "SIZE",
            defaultValue = "1048576",
            description =
                    "The slot lag the lag gate accepts before switchover: bytes, or 64kB, 1MB, 1GB"
                            + " (default: ${DEFAULT-VALUE} bytes).")
    long maxLag;

    @Option(
            names = "--jobs",
            paramLabel = "N",
            description =
                    "Connections for the snapshot copy and for building deferred indexes (default: the"
                            + " number of cores).")
    Integer jobs;

    @Option(
            names = "--copy-range-size",
            converter = UnitConverters.Size.class,
            paramLabel = "SIZE",
            description =
                    "Tables larger than this are copied in ranges, by integer primary key or (sources from"
                            + " 14) by block (default: 67108864).")
    Long copyRangeBytes;

    @Option(
            names = "--snapshot-hold",
            converter = UnitConverters.Duration.class,
            paramLabel = "DURATION",
            description =
                    "After apply is killed during the copy, how long the exported snapshot is kept for a"
                            + " rerun to resume with (default: 900); it holds back vacuum on the source.")
    Long snapshotHold;

    @Option(
            names = "--switchover-on-signal",
            description =
                    "At the write pause, wait instead of exiting, connections open, and switch over as"
                            + " soon as this process gets SIGUSR1 (send it once the application's writes have stopped).")
    boolean switchoverOnSignal;

    @Option(
            names = "--switchover-on-file",
            paramLabel = "PATH",
            description =
                    "At the write pause, wait instead of exiting, connections open, and switch over as"
                            + " soon as this file exists (create it once the application's writes have stopped).")
    java.nio.file.Path switchoverOnFile;

    @Option(
            names = "--resume-subscription",
            description =
                    "First enable the forward subscription again, after it "
                            + "disabled itself (disable_on_error); the action is recorded in the ledger.")
    boolean resumeSubscription;

    @Option(
            names = "--expect-manifest",
            paramLabel = "SHA256",
            description =
                    "Refuse to run unless manifest.json has "
                            + "this SHA-256, the one in the reviewed ticket: catches a script edited together with its manifest.")
    String expectManifest;

    /**
     * The copy's options mean something only for a folder with a copy step (--jobs: or a step that
     * builds indexes); elsewhere they would be accepted and ignored, so they are refused.
     */
    private void refuseUnusedCopyOptions(Folder manifest) {
        java.util.Set<dev.lrplan.contract.Runner> runners =
                manifest.steps().stream()
                        .map(e -> e.execution().runner())
                        .collect(java.util.stream.Collectors.toSet());
        boolean copies = runners.contains(dev.lrplan.contract.Runner.COPY);
        boolean parallel = copies || runners.contains(dev.lrplan.contract.Runner.PARALLEL);
        if (!copies && (copyRangeBytes != null || snapshotHold != null)) {
            throw new UsageException(
                    (copyRangeBytes != null ? "--copy-range-size" : "--snapshot-hold")
                            + " applies to the copy-data step of the snapshot-copy strategy, and "
                            + dir
                            + " has none; remove it");
        }
        if (!parallel && jobs != null) {
            throw new UsageException(
                    "--jobs sets the connections of the copy-data and build-indexes steps, and "
                            + dir
                            + " has neither; remove it");
        }
    }

    ApplyCommand(Context ctx) {
        this.ctx = ctx;
        this.global = new GlobalOptions(ctx);
        this.connections = new Connections();
    }

    @Override
    public Integer call() throws IOException {
        ctx.json(format == InspectCommand.Format.json);
        if (format == InspectCommand.Format.json && !dryRun) {
            throw new UsageException(
                    "--format json is for --dry-run: a run reports its progress as text (its JSON"
                            + " record is lrplan status --format json)");
        }
        if ((switchoverOnSignal || switchoverOnFile != null) && (writesStopped || switchover)) {
            throw new UsageException(
                    (writesStopped
                                    ? "--writes-stopped confirms the write pause"
                                    : "--switchover goes ahead")
                            + " now; --switchover-on-signal and --switchover-on-file wait for it: give"
                            + " one or the other");
        }
        if (switchoverOnFile != null && java.nio.file.Files.exists(switchoverOnFile)) {
            throw new UsageException(
                    "--switchover-on-file "
                            + switchoverOnFile
                            + " exists already: it would confirm the write pause at once; remove it first");
        }
        if (jobs != null && (jobs < 1 || jobs > 64)) {
            throw new UsageException("--jobs must be between 1 and 64, not " + jobs);
        }
        if (copyRangeBytes != null && copyRangeBytes < 1024 * 1024) {
            throw new UsageException("--copy-range-size must be at least 1048576 bytes (1 MB)");
        }
        if (snapshotHold != null && snapshotHold < 10) {
            throw new UsageException("--snapshot-hold must be at least 10 seconds");
        }
        Folder manifest = Folder.read(dir);
        refuseUnusedCopyOptions(manifest);
        if (expectManifest != null && !expectManifest.strip().equalsIgnoreCase(manifest.sha256())) {
            throw dev.lrplan.apply.ApplyException.refused(
                    "manifest.json in "
                            + dir
                            + " has SHA-256 "
                            + manifest.sha256()
                            + ", not the reviewed "
                            + dev.lrplan.sql.Sql.printable(expectManifest.strip())
                            + ": this folder is not the one that was reviewed");
        }
        Connections.Pair pair = connections.resolve(ctx.env());
        StepSelection selection =
                which == null
                        ? new StepSelection(StepSelection.Kind.NEXT, 0)
                        : which.all
                                ? new StepSelection(StepSelection.Kind.ALL, 0)
                                : which.through != null
                                        ? new StepSelection(
                                                StepSelection.Kind.THROUGH, which.through)
                                        : new StepSelection(StepSelection.Kind.ONLY, which.step);
        EnumSet<Confirmation> confirmed = EnumSet.noneOf(Confirmation.class);
        if (writesStopped) {
            confirmed.add(Confirmation.WRITES_STOPPED);
        }
        if (switchover) {
            if (manifest.pgbouncer() == null
                    && manifest.steps().stream()
                            .noneMatch(e -> e.name().equals("source-read-only"))) {
                throw new UsageException(
                        "--switchover goes ahead with a switchover in which lrplan stops the writes"
                                + " (pgbouncer, or switchover.read_only_roles), and this folder has"
                                + " neither: stop the application's writes, then confirm with"
                                + " --writes-stopped");
            }
            confirmed.add(Confirmation.SWITCHOVER);
        }
        if (goingBack) {
            if (manifest.steps().stream().noneMatch(e -> e.goingBack())) {
                throw new UsageException(
                        "--going-back runs the steps that go back to the old cluster, and this folder"
                                + " has none (rollback.enabled: false)");
            }
            confirmed.add(Confirmation.GOING_BACK);
        }
        if (rollbackWindowClosed) {
            confirmed.add(Confirmation.ROLLBACK_WINDOW_CLOSED);
        }
        // Ctrl-C (or a kill) ends the JVM through its shutdown hooks: say where it stopped and
        // how to go on, which the ledger makes safe.
        Thread interrupted =
                new Thread(
                        () -> {
                            String at = Applier.running();
                            ctx.err()
                                    .println(
                                            "\nlrplan: interrupted"
                                                    + (at == null ? "" : " at " + at)
                                                    + "; lrplan.apply_ledger on the target records every step"
                                                    + " that finished. Resume with: "
                                                    + ctx.commandLine());
                            ctx.err().flush();
                        },
                        "lrplan-apply-interrupted");
        Runtime.getRuntime().addShutdownHook(interrupted);
        try {
            run(manifest, pair, selection, confirmed);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or ran: it said what there is to say
            }
        }
        return ExitCode.OK;
    }

    private void run(
            Folder manifest,
            Connections.Pair pair,
            StepSelection selection,
            EnumSet<Confirmation> confirmed)
            throws IOException {
        Applier.apply(
                manifest,
                new ApplyOptions(
                        pair.source(),
                        pair.target(),
                        selection,
                        dryRun,
                        confirmed,
                        Applier.limits(Duration.ofSeconds(gateTimeout), maxLag),
                        System.console() != null,
                        false,
                        resumeSubscription,
                        new CopySettings(
                                jobs == null ? CopySettings.cores() : jobs,
                                copyRangeBytes == null
                                        ? CopySettings.defaults().rangeBytes()
                                        : copyRangeBytes,
                                snapshotHold == null
                                        ? CopySettings.defaults().holdSeconds()
                                        : snapshotHold),
                        switchoverOnSignal || switchoverOnFile != null
                                ? new SwitchoverTrigger(switchoverOnSignal, switchoverOnFile)
                                : null,
                        pair.pgbouncer(),
                        ctx.commandLine(),
                        format == InspectCommand.Format.json),
                ctx.out(),
                ctx.err());
    }
}
