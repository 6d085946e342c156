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
                                pause(
                                        c,
                                        "pgbouncer-pause",
                                        "Stop the application's writes without failing them: pgbouncer"
                                                + " holds its connections until RESUME.",
                                        List.of(
                                                "the application reaches the source only through"
                                                        + " pgbouncer's entry "
                                                        + b.database(),
                                                "that entry pools by transaction or statement, not by"
                                                        + " session"),
                                        "RESUME " + b.database()));
    }

    public static void repointAndResume(CompileContext c) {
        if (c.plan().switchover().pgbouncer().isEmpty()) {
            return;
        }
        Pgbouncer b = c.plan().switchover().pgbouncer().get();
        repoint(
                c,
                "pgbouncer-repoint",
                b.target(),
                "the new cluster",
                List.of(
                        "the entry is paused (pgbouncer-pause)",
                        "the rollback path exists, when the plan has one",
                        "psql runs on the pgbouncer host: \\o writes "
                                + b.includeFile()
                                + " there"),
                "write the entry's old line back into the file, RELOAD (the way back's"
                        + " back-pgbouncer-repoint does)");
        resume(c, "pgbouncer-resume", "the new cluster", "pgbouncer-repoint");
    }

    /** The way back, first: the application's writes to the new cluster queue in pgbouncer. */
    public static void backPause(CompileContext c) {
        c.plan()
                .switchover()
                .pgbouncer()
                .ifPresent(
                        b ->
                                pause(
                                        c,
                                        "back-pgbouncer-pause",
                                        "Going back: stop the application's writes to the new cluster"
                                                + " without failing them: pgbouncer holds its connections"
                                                + " until RESUME.",
                                        List.of(
                                                "you are going back to the old cluster (apply"
                                                        + " --going-back)"),
                                        "RESUME " + b.database() + " (on the new cluster)"));
    }

    /**
     * A step on pgbouncer's admin console: outside a transaction, locking nothing; in the rollback
     * phase when it is one of the way back.
     */
    private static StepSpec spec(
            String name, String purpose, List<String> preconditions, String undo, String template) {
        return new StepSpec(
                name,
                Cluster.PGBOUNCER,
                name.startsWith("back-") ? Step.Phase.ROLLBACK : Step.Phase.SWITCHOVER,
                false,
                Step.LockRisk.NONE,
                purpose,
                preconditions,
                undo,
                template);
    }

    private static void pause(
            CompileContext c,
            String name,
            String purpose,
            List<String> preconditions,
            String undo) {
        Pgbouncer b = c.plan().switchover().pgbouncer().get();
        c.steps()
                .add(
                        spec(name, purpose, preconditions, undo, "pgbouncer/pause"),
                        Model.of().put("database", Ident.of(b.database())).build());
    }

    /**
     * The way back, last: the entry on the old cluster again, and the application goes on there.
     */
    public static void backRepointAndResume(CompileContext c) {
        if (c.plan().switchover().pgbouncer().isEmpty()) {
            return;
        }
        Pgbouncer b = c.plan().switchover().pgbouncer().get();
        repoint(
                c,
                "back-pgbouncer-repoint",
                b.source(),
                "the old cluster",
                List.of(
                        "the entry is paused (back-pgbouncer-pause)",
                        "the old cluster has every write of the new one, and its sequences are ahead"
                                + " (back-sequence-values)",
                        "psql runs on the pgbouncer host: \\o writes "
                                + b.includeFile()
                                + " there"),
                "write the new cluster's line into the file again, RELOAD");
        resume(c, "back-pgbouncer-resume", "the old cluster", "back-pgbouncer-repoint");
    }

    private static void repoint(
            CompileContext c,
            String name,
            String connect,
            String cluster,
            List<String> preconditions,
            String undo) {
        Pgbouncer b = c.plan().switchover().pgbouncer().get();
        c.steps()
                .add(
                        spec(
                                name,
                                "Point pgbouncer's entry "
                                        + b.database()
                                        + " at "
                                        + cluster
                                        + ": rewrite the file pgbouncer.ini includes, then RELOAD.",
                                preconditions,
                                undo,
                                "pgbouncer/repoint"),
                        Model.of()
                                .put("includeFile", Fragment.psqlArgument(b.includeFile()))
                                .put("includeFileComment", CommentText.of(b.includeFile()))
                                .put("cluster", CommentText.of(cluster))
                                .put(
                                        "lines",
                                        List.of(
                                                Fragment.psqlArgument(
                                                        "; written by lrplan (plan "
                                                                + c.plan().name()
                                                                + "): the application's entry, on "
                                                                + cluster),
                                                Fragment.psqlArgument("[databases]"),
                                                Fragment.psqlArgument(
                                                        b.database() + " = " + connect)))
                                .build());
    }

    private static void resume(CompileContext c, String name, String cluster, String after) {
        Pgbouncer b = c.plan().switchover().pgbouncer().get();
        c.steps()
                .add(
                        spec(
                                name,
                                "Let the application's queued connections go on, now to "
                                        + cluster
                                        + ".",
                                List.of("the entry points at " + cluster + " (" + after + ")"),
                                "nothing to undo",
                                "pgbouncer/resume"),
                        Model.of()
                                .put("database", Ident.of(b.database()))
                                .put("cluster", CommentText.of(cluster))
                                .build());
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
                                                : b.pauseTimeoutSeconds(),
                                        b.source()))
                .orElse(null);
    }
}
