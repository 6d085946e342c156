package dev.lrplan.compile.strategy;

import dev.lrplan.compile.shared.RollbackChecks;
import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.Model;
import dev.lrplan.compile.step.Step;
import dev.lrplan.compile.step.StepSpec;
import dev.lrplan.contract.Cluster;
import dev.lrplan.diff.TableMove;
import dev.lrplan.sql.Fragment;
import dev.lrplan.sql.Ident;
import dev.lrplan.sql.Literal;
import dev.lrplan.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pglogical rollback path: the new cluster provides sets of lrplan's own, limited to the old
 * cluster's columns, after the values-fit checks, and the old cluster subscribes without copying.
 */
final class PglogicalRollback {
    private PglogicalRollback() {}

    static void add(CompileContext c) {
        List<Map<String, Object>> checks = RollbackChecks.of(c);
        List<Map<String, Object>> full = new ArrayList<>();
        List<Map<String, Object>> insertOnly = new ArrayList<>();
        for (TableMove t : c.diff().rollbackTables()) {
            Fragment columns =
                    Fragment.concat(
                            Fragment.keyword("ARRAY"),
                            Fragment.separator("["),
                            Fragment.join(
                                    ", ", t.rollbackColumns().stream().map(Literal::of).toList()),
                            Fragment.separator("]"));
            boolean identity = t.targetHasIdentity() && t.publish() == TableMove.Publish.ALL;
            (identity ? full : insertOnly)
                    .add(
                            Model.of()
                                    .put("regclass", Literal.of(t.name().regclassText()))
                                    .put("synchronize", Fragment.keyword("false"))
                                    .put("columns", java.util.Optional.of(columns))
                                    .put(
                                            "set",
                                            Literal.of(
                                                    identity
                                                            ? PglogicalNames.ROLLBACK_SET
                                                            : PglogicalNames
                                                                    .ROLLBACK_INSERT_ONLY_SET))
                                    .build());
        }
        c.steps()
                .add(
                        new StepSpec(
                                "rollback-provider",
                                Cluster.TARGET,
                                Step.Phase.ROLLBACK,
                                true,
                                Step.LockRisk.CATALOG,
                                RollbackChecks.purposePrefix(checks)
                                        + (checks.isEmpty() ? "Publish" : "publish")
                                        + " the new cluster's changes back in sets of lrplan's own, limited to the"
                                        + " columns the old cluster has; tables without a row identity insert-only.",
                                List.of(
                                        "the forward subscription is dropped",
                                        "the application writes to neither cluster: the rollback path must exist before"
                                                + " its first write on the new cluster"),
                                "SELECT pglogical.drop_replication_set(…) for both sets",
                                "pglogical/provider"),
                        Model.of()
                                .put("node", Literal.of(PglogicalNames.targetNode(c)))
                                .put("conninfoVar", Ident.of("target_conninfo"))
                                .put("createNode", false)
                                .put("guardSet", Literal.of(PglogicalNames.ROLLBACK_SET))
                                .put("checks", checks)
                                .put("hasChecks", !checks.isEmpty())
                                .put(
                                        "sets",
                                        List.of(
                                                PglogicalStages.set(
                                                        PglogicalNames.ROLLBACK_SET,
                                                        true,
                                                        true,
                                                        full),
                                                PglogicalStages.set(
                                                        PglogicalNames.ROLLBACK_INSERT_ONLY_SET,
                                                        true,
                                                        false,
                                                        insertOnly)))
                                .put("lockTimeout", c.lockTimeout())
                                .build());
        c.steps()
                .add(
                        new StepSpec(
                                "rollback-subscription",
                                Cluster.SOURCE,
                                Step.Phase.ROLLBACK,
                                false,
                                Step.LockRisk.NONE,
                                "Subscribe the old cluster to the new one, without copying: it follows every write"
                                        + " from now on.",
                                List.of(
                                        "the rollback sets exist",
                                        "psql variables source_conninfo and"
                                                + " target_conninfo hold the connection strings"),
                                "SELECT pglogical.drop_subscription("
                                        + Sql.literal(PglogicalNames.rollbackSubscription(c))
                                        + ")",
                                "pglogical/subscriber"),
                        Model.of()
                                .put(
                                        "subscription",
                                        Literal.of(PglogicalNames.rollbackSubscription(c)))
                                .put("node", Literal.of(PglogicalNames.sourceNode(c)))
                                .put("nodeConninfoVar", Ident.of("source_conninfo"))
                                .put("waitReplicating", true)
                                .put("providerConninfoVar", Ident.of("target_conninfo"))
                                .put(
                                        "sets",
                                        Fragment.join(
                                                ", ",
                                                List.of(
                                                        Literal.of(PglogicalNames.ROLLBACK_SET),
                                                        Literal.of(
                                                                PglogicalNames
                                                                        .ROLLBACK_INSERT_ONLY_SET))))
                                .put("copyData", Fragment.keyword("false"))
                                .build());
    }
}
