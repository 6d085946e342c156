package dev.lrplan.compile;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.compile.shared.DataChecks;
import dev.lrplan.compile.shared.DeferredIndexes;
import dev.lrplan.compile.shared.DriftCleanup;
import dev.lrplan.compile.shared.GoingBack;
import dev.lrplan.compile.shared.PgbouncerSteps;
import dev.lrplan.compile.shared.ReadOnlySource;
import dev.lrplan.compile.shared.RestoreNotNull;
import dev.lrplan.compile.shared.RollbackPrepare;
import dev.lrplan.compile.shared.Switchover;
import dev.lrplan.compile.shared.TargetRowSteps;
import dev.lrplan.compile.shared.TargetSchema;
import dev.lrplan.compile.shared.Verification;
import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.DroppedOption;
import dev.lrplan.compile.step.Names;
import dev.lrplan.compile.step.Step;
import dev.lrplan.compile.strategy.NativeStrategy;
import dev.lrplan.compile.strategy.PglogicalStrategy;
import dev.lrplan.compile.strategy.SnapshotCopyStrategy;
import dev.lrplan.compile.strategy.Strategy;
import dev.lrplan.contract.Manifest;
import dev.lrplan.diff.Diff;
import dev.lrplan.plan.Plan;
import dev.lrplan.plan.Replication;
import java.util.List;

/**
 * Turns a plan and its diff into ordered steps: the steps every upgrade shares, and between them
 * the steps of the plan's strategy. Pure: every name and value is quoted in Java before a template
 * sees it.
 */
public final class Compiler {
    private Compiler() {}

    /**
     * The compiled plan: steps in order, the options left out, the objects to watch, and the
     * strategy used.
     */
    public record Compiled(
            List<Step> steps,
            List<DroppedOption> droppedOptions,
            Names names,
            String strategy,
            String strategyRationale,
            List<DeferredIndexes.Deferred> deferredIndexes,
            Manifest.Pgbouncer pgbouncer) {
        public Compiled {
            steps = List.copyOf(steps);
            droppedOptions = List.copyOf(droppedOptions);
            deferredIndexes = List.copyOf(deferredIndexes);
        }
    }

    public static Compiled compile(Plan plan, Diff diff, Catalog source, Catalog target) {
        Strategy strategy = strategy(plan.replication().strategy());
        CompileContext c = new CompileContext(plan, diff, source, target);
        strategy.preflight(c);
        TargetSchema.add(c);
        DataChecks.add(c);
        TargetRowSteps.truncate(c);
        strategy.publish(c);
        strategy.subscribe(c);
        strategy.monitor(c);
        RestoreNotNull.add(c);
        Switchover.prepare(c);
        if (plan.rollback().enabled()) {
            // Outside the pause: nothing reads the publication until the rollback subscription.
            strategy.rollbackBeforePause(c);
        }
        Names names = strategy.names(c);
        PgbouncerSteps.pause(c);
        ReadOnlySource.stop(c);
        Switchover.confirmFinalPosition(c, names.slot());
        Verification.add(c);
        Switchover.sequences(c);
        TargetRowSteps.merge(c);
        strategy.stop(c);
        if (plan.rollback().enabled()) {
            // Inside the write pause: the rollback path must exist before the first write on the
            // new cluster, or that write never reaches the old one.
            RollbackPrepare.add(c);
            strategy.rollback(c);
        }
        PgbouncerSteps.repointAndResume(c);
        Switchover.refreshViews(c);
        GoingBack.add(c);
        strategy.cleanup(c);
        DriftCleanup.add(c);
        c.steps().requireUserStepsPlaced();
        return new Compiled(
                c.steps().all(),
                c.dropped(),
                names,
                strategy.label(),
                strategy.rationale(diff.sourceMajor(), diff.targetMajor()),
                DeferredIndexes.of(c),
                PgbouncerSteps.manifest(c));
    }

    /**
     * The strategies this build implements; the plan loader refuses the others before anything is
     * compiled.
     */
    static Strategy strategy(Replication.Strategy kind) {
        return switch (kind) {
            case NATIVE -> new NativeStrategy();
            case PGLOGICAL -> new PglogicalStrategy();
            case SNAPSHOT_COPY -> new SnapshotCopyStrategy();
        };
    }
}
