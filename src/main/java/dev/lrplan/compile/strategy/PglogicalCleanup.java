package dev.lrplan.compile.strategy;

import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.Model;
import dev.lrplan.compile.step.Step;
import dev.lrplan.compile.step.StepSpec;
import dev.lrplan.contract.Cluster;
import dev.lrplan.sql.Literal;
import java.util.List;

/**
 * pglogical cleanup after the rollback window: subscriptions, sets and nodes dropped, and a check
 * that no pglogical slot or origin is left.
 */
final class PglogicalCleanup {
    private PglogicalCleanup() {}

    static void add(CompileContext c) {
        boolean rollback = c.plan().rollback().enabled();
        c.steps()
                .add(
                        new StepSpec(
                                "cleanup-source",
                                Cluster.SOURCE,
                                Step.Phase.CLEANUP,
                                true,
                                Step.LockRisk.CATALOG,
                                "After the rollback window: drop the rollback subscription and the source's pglogical node, and check that"
                                        + " no slot of this plan is left.",
                                List.of("the rollback window is over"),
                                "run provider (and rollback-subscription) again",
                                "pglogical/cleanup"),
                        Model.of()
                                .put(
                                        "subscriptions",
                                        rollback
                                                ? List.of(
                                                        Model.of()
                                                                .put(
                                                                        "name",
                                                                        Literal.of(
                                                                                PglogicalNames
                                                                                        .rollbackSubscription(
                                                                                                c)))
                                                                .build())
                                                : List.of())
                                .put("sets", List.of())
                                .put("node", Literal.of(PglogicalNames.sourceNode(c)))
                                .put(
                                        "slots",
                                        List.of(
                                                Model.of()
                                                        .put(
                                                                "slot",
                                                                Literal.of(
                                                                        PglogicalNames.forwardSlot(
                                                                                c)))
                                                        .build()))
                                .build());
        c.steps()
                .add(
                        new StepSpec(
                                "cleanup-target",
                                Cluster.TARGET,
                                Step.Phase.CLEANUP,
                                true,
                                Step.LockRisk.CATALOG,
                                "After the rollback window: drop the forward subscription if it is still there, the rollback sets and the"
                                        + " target's pglogical node, and check that no slot of this plan is left.",
                                List.of("the rollback subscription is dropped"),
                                "run rollback-provider again",
                                "pglogical/cleanup"),
                        Model.of()
                                .put(
                                        "subscriptions",
                                        List.of(
                                                Model.of()
                                                        .put(
                                                                "name",
                                                                Literal.of(
                                                                        c.plan()
                                                                                .replication()
                                                                                .subscription()))
                                                        .build()))
                                .put(
                                        "sets",
                                        rollback
                                                ? List.of(
                                                        Model.of()
                                                                .put(
                                                                        "name",
                                                                        Literal.of(
                                                                                PglogicalNames
                                                                                        .ROLLBACK_SET))
                                                                .build(),
                                                        Model.of()
                                                                .put(
                                                                        "name",
                                                                        Literal.of(
                                                                                PglogicalNames
                                                                                        .ROLLBACK_INSERT_ONLY_SET))
                                                                .build())
                                                : List.of())
                                .put("node", Literal.of(PglogicalNames.targetNode(c)))
                                .put(
                                        "slots",
                                        rollback
                                                ? List.of(
                                                        Model.of()
                                                                .put(
                                                                        "slot",
                                                                        Literal.of(
                                                                                PglogicalNames
                                                                                        .rollbackSlot(
                                                                                                c)))
                                                                .build())
                                                : List.of())
                                .build());
    }
}
