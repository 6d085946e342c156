package dev.lrplan.compile.shared;

import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.Model;
import dev.lrplan.compile.step.Step;
import dev.lrplan.compile.step.StepSpec;
import dev.lrplan.contract.Cluster;
import dev.lrplan.contract.Manifest;
import dev.lrplan.plan.Pgbouncer;
import dev.lrplan.sql.CommentText;
import dev.lrplan.sql.Fragment;
import dev.lrplan.sql.Ident;
import java.util.List;

/**
 * A switchover through the pgbouncer in front of the application (switchover.pgbouncer): PAUSE the
 * application's entry before the final position is confirmed, so that its connections queue instead
 * of failing; once the new cluster is ready and the rollback path exists, rewrite the include file
 * that holds the entry so that it points at the new cluster, RELOAD, and RESUME. The steps run on
 * pgbouncer's admin console, with psql or with apply.
 */
public final class PgbouncerSteps {
    private PgbouncerSteps() {}

    public static void pause(CompileContext c) {
        c.plan()
                .switchover()
                .pgbouncer()
                .ifPresent(
                        b ->
                                c.steps()
                                        .add(
                                                new StepSpec(
                                                        "pgbouncer-pause",
                                                        Cluster.PGBOUNCER,
                                                        Step.Phase.SWITCHOVER,
                                                        false,
                                                        Step.LockRisk.NONE,
                                                        "Stop the application's writes without failing them: pgbouncer"
                                                                + " holds its connections until RESUME.",
                                                        List.of(
                                                                "the application reaches the source only through"
                                                                        + " pgbouncer's entry "
                                                                        + b.database(),
                                                                "that entry pools by transaction or statement, not by"
                                                                        + " session"),
                                                        "RESUME " + b.database(),
                                                        "pgbouncer/pause"),
                                                Model.of()
                                                        .put("database", Ident.of(b.database()))
                                                        .build()));
    }

    public static void repointAndResume(CompileContext c) {
        if (c.plan().switchover().pgbouncer().isEmpty()) {
            return;
        }
        Pgbouncer b = c.plan().switchover().pgbouncer().get();
        String entry = b.database() + " = " + b.target();
        c.steps()
                .add(
                        new StepSpec(
                                "pgbouncer-repoint",
                                Cluster.PGBOUNCER,
                                Step.Phase.SWITCHOVER,
                                false,
                                Step.LockRisk.NONE,
                                "Point pgbouncer's entry "
                                        + b.database()
                                        + " at the new cluster: rewrite the file pgbouncer.ini includes,"
                                        + " then RELOAD.",
                                List.of(
                                        "the entry is paused (pgbouncer-pause)",
                                        "the rollback path exists, when the plan has one",
                                        "psql runs on the pgbouncer host: \\o writes "
                                                + b.includeFile()
                                                + " there"),
                                "write the entry's old line back into the file, RELOAD",
                                "pgbouncer/repoint"),
                        Model.of()
                                .put("includeFile", Fragment.psqlArgument(b.includeFile()))
                                .put("includeFileComment", CommentText.of(b.includeFile()))
                                .put(
                                        "lines",
                                        List.of(
                                                Fragment.psqlArgument(
                                                        "; written by lrplan (plan "
                                                                + c.plan().name()
                                                                + "): the application's entry, on the new"
                                                                + " cluster"),
                                                Fragment.psqlArgument("[databases]"),
                                                Fragment.psqlArgument(entry)))
                                .build());
        c.steps()
                .add(
                        new StepSpec(
                                "pgbouncer-resume",
                                Cluster.PGBOUNCER,
                                Step.Phase.SWITCHOVER,
                                false,
                                Step.LockRisk.NONE,
                                "Let the application's queued connections go on, now to the new cluster.",
                                List.of("the entry points at the new cluster (pgbouncer-repoint)"),
                                "nothing to undo",
                                "pgbouncer/resume"),
                        Model.of().put("database", Ident.of(b.database())).build());
    }

    /** What apply needs to know of the entry, for the manifest; null without pgbouncer. */
    public static Manifest.Pgbouncer manifest(CompileContext c) {
        return c.plan()
                .switchover()
                .pgbouncer()
                .map(
                        b ->
                                new Manifest.Pgbouncer(
                                        b.database(),
                                        b.includeFile(),
                                        b.target(),
                                        b.pauseTimeoutSeconds()
                                                        == dev.lrplan.plan.Pgbouncer
                                                                .DEFAULT_PAUSE_TIMEOUT_SECONDS
                                                ? null
                                                : b.pauseTimeoutSeconds()))
                .orElse(null);
    }
}
