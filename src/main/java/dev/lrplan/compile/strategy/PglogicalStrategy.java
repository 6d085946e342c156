package dev.lrplan.compile.strategy;

import dev.lrplan.capability.Pglogical;
import dev.lrplan.catalog.ServerInfo;
import dev.lrplan.compile.shared.Stages;
import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.Model;
import dev.lrplan.compile.step.Names;
import dev.lrplan.compile.step.Step;
import dev.lrplan.compile.step.StepSpec;
import dev.lrplan.diff.TableMove;
import dev.lrplan.plan.Plan;
import dev.lrplan.plan.Replication;
import dev.lrplan.sql.Fragment;
import dev.lrplan.sql.Ident;
import dev.lrplan.sql.Literal;
import dev.lrplan.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * pglogical 2.x (the 9.6 → 12 story): a provider node with the tables in the {@code default} set
 * (or {@code default_insert_only} for tables without a row identity) on the source, a subscriber
 * node and a subscription on the target; for the rollback path, the new cluster provides a set of
 * its own, limited to the old cluster's columns, and the old cluster subscribes without copying.
 * Templates: {@code templates/pglogical/}.
 */
public final class PglogicalStrategy implements Strategy {
    private static final String ROLLBACK_SET = "lrplan_rollback";
    private static final String ROLLBACK_INSERT_ONLY_SET = "lrplan_rollback_io";

    @Override
    public String label() {
        return "pglogical";
    }

    @Override
    public String rationale(int sourceMajor, int targetMajor) {
        return "pglogical 2.x replicates from PostgreSQL "
                + ServerInfo.majorLabel(sourceMajor)
                + ", where native"
                + " publications "
                + (ServerInfo.comparable(sourceMajor) < 10 ? "do not exist" : "would also work")
                + ", to "
                + ServerInfo.majorLabel(targetMajor)
                + "; both clusters need the pglogical module loaded";
    }

    static String sourceNode(CompileContext c) {
        return "lrp_" + Sql.shortHash(c.plan().name()) + "_src";
    }

    static String targetNode(CompileContext c) {
        return "lrp_" + Sql.shortHash(c.plan().name()) + "_tgt";
    }

    static String rollbackSubscription(CompileContext c) {
        return "lrp_" + Sql.shortHash(c.plan().name()) + "_rb";
    }

    /**
     * The database a cluster's catalog was read from: pglogical puts the subscriber's in the slot's
     * name.
     */
    private static String database(CompileContext c, Plan.Cluster cluster) {
        return (cluster == Plan.Cluster.SOURCE ? c.source() : c.target())
                .serverInfo()
                .map(ServerInfo::database)
                .orElse("unknown");
    }

    static String forwardSlot(CompileContext c) {
        return Pglogical.slotName(
                database(c, Plan.Cluster.TARGET),
                sourceNode(c),
                c.plan().replication().subscription());
    }

    static String rollbackSlot(CompileContext c) {
        return Pglogical.slotName(
                database(c, Plan.Cluster.SOURCE), targetNode(c), rollbackSubscription(c));
    }

    @Override
    public void preflight(CompileContext c) {
        c.steps()
                .add(
                        new StepSpec(
                                "preflight",
                                Plan.Cluster.SOURCE,
                                Step.Phase.PREFLIGHT,
                                true,
                                Step.LockRisk.NONE,
                                "Check that the source can provide: wal_level, pglogical loaded and installed, a free slot, no node or slot"
                                        + " of the same name.",
                                List.of("the plan's findings have no errors"),
                                "nothing to undo (reads only)",
                                "pglogical/preflight-source"),
                        Model.of()
                                .put("slot", Literal.of(forwardSlot(c)))
                                .put("node", Literal.of(sourceNode(c)))
                                .build());
        c.steps()
                .add(
                        new StepSpec(
                                "preflight",
                                Plan.Cluster.TARGET,
                                Step.Phase.PREFLIGHT,
                                true,
                                Step.LockRisk.NONE,
                                "Check that the target can subscribe: pglogical loaded and installed, the tables exist, no node of the"
                                        + " same name.",
                                List.of("the target schema is restored"),
                                "nothing to undo (reads only)",
                                "pglogical/preflight-target"),
                        Model.of()
                                .put("node", Literal.of(targetNode(c)))
                                .put("tables", Preflight.targetTables(c))
                                .build());
    }

    @Override
    public void publish(CompileContext c) {
        List<Map<String, Object>> all = new ArrayList<>();
        List<Map<String, Object>> insertOnly = new ArrayList<>();
        for (TableMove t : Stages.of(c.diff().tables(), c.plan().replication().stages()).get(0)) {
            Map<String, Object> m = forwardTable(t);
            (t.publish() == TableMove.Publish.ALL ? all : insertOnly).add(m);
        }
        List<Map<String, Object>> sets = new ArrayList<>();
        sets.add(set("default", false, true, all));
        sets.add(set("default_insert_only", false, false, insertOnly));
        c.steps()
                .add(
                        new StepSpec(
                                "provider",
                                Plan.Cluster.SOURCE,
                                Step.Phase.PUBLISH,
                                true,
                                Step.LockRisk.CATALOG,
                                "Make the source a pglogical provider: the extension, a node, and the tables in its replication sets.",
                                List.of(
                                        "data checks passed",
                                        "psql variable source_conninfo holds the source's connection string"),
                                "SELECT pglogical.drop_node(" + Sql.literal(sourceNode(c)) + ")",
                                "pglogical/provider"),
                        Model.of()
                                .put("node", Literal.of(sourceNode(c)))
                                .put("conninfoVar", Ident.of("source_conninfo"))
                                .put("createNode", true)
                                .put("guardSet", Literal.of("default"))
                                .put("sets", sets)
                                .put("lockTimeout", c.lockTimeout())
                                .build());
    }

    private static Map<String, Object> forwardTable(TableMove t) {
        return Model.of()
                .put("regclass", Literal.of(t.name().regclassText()))
                .put("synchronize", Fragment.keyword("true"))
                .put("columns", java.util.Optional.<Fragment>empty())
                .put(
                        "set",
                        Literal.of(
                                t.publish() == TableMove.Publish.ALL
                                        ? "default"
                                        : "default_insert_only"))
                .build();
    }

    /**
     * Stages after the first: add their tables to the sets on the source, then synchronize them on
     * the target.
     */
    private static void stages(CompileContext c) {
        List<List<TableMove>> stages =
                Stages.of(c.diff().tables(), c.plan().replication().stages());
        for (int k = 1; k < stages.size(); k++) {
            List<TableMove> stage = stages.get(k);
            String label =
                    "stage "
                            + (k + 1)
                            + " of "
                            + stages.size()
                            + " ("
                            + stage.size()
                            + " table(s), about "
                            + stage.stream().mapToLong(t -> t.source().estimatedBytes()).sum()
                            + " bytes)";
            c.steps()
                    .add(
                            new StepSpec(
                                    "add-tables-" + (k + 1),
                                    Plan.Cluster.SOURCE,
                                    Step.Phase.SYNC,
                                    true,
                                    Step.LockRisk.CATALOG,
                                    "Add "
                                            + label
                                            + " to the replication sets, once the previous stage's tables"
                                            + " are ready and the plan's interval has passed.",
                                    List.of("every table of the previous stages is" + " ready"),
                                    "SELECT pglogical.replication_set_remove_table(…) for the tables listed",
                                    "pglogical/add-tables"),
                            Model.of()
                                    .put(
                                            "tables",
                                            stage.stream()
                                                    .map(PglogicalStrategy::forwardTable)
                                                    .toList())
                                    .put("stage", Fragment.number(k + 1))
                                    .put("stages", Fragment.number(stages.size()))
                                    .put("lockTimeout", c.lockTimeout())
                                    .build());
            c.steps()
                    .add(
                            new StepSpec(
                                    "synchronize-" + (k + 1),
                                    Plan.Cluster.TARGET,
                                    Step.Phase.SYNC,
                                    true,
                                    Step.LockRisk.NONE,
                                    "Start copying " + label + ".",
                                    List.of("stage " + (k + 1) + " is in the sets"),
                                    "nothing to undo: the tables stay subscribed",
                                    "pglogical/synchronize"),
                            Model.of()
                                    .put(
                                            "subscription",
                                            Literal.of(c.plan().replication().subscription()))
                                    .put("stage", Fragment.number(k + 1))
                                    .put("stages", Fragment.number(stages.size()))
                                    .build());
        }
    }

    private static Map<String, Object> set(
            String name, boolean create, boolean updates, List<Map<String, Object>> tables) {
        return Model.of()
                .put("set", Literal.of(name))
                .put("create", create)
                .put("updates", Fragment.keyword(Boolean.toString(updates)))
                .put("tables", tables)
                .build();
    }

    @Override
    public void subscribe(CompileContext c) {
        Replication r = c.plan().replication();
        List<Literal> sets = new ArrayList<>(List.of(Literal.of("default")));
        if (c.diff().tables().stream()
                .anyMatch(t -> t.publish() == TableMove.Publish.INSERT_ONLY)) {
            sets.add(Literal.of("default_insert_only"));
        }
        c.steps()
                .add(
                        new StepSpec(
                                "subscription",
                                Plan.Cluster.TARGET,
                                Step.Phase.SYNC,
                                true,
                                Step.LockRisk.NONE,
                                "Make the target a pglogical subscriber and subscribe to the source: the initial copy starts at once.",
                                List.of(
                                        "the provider exists",
                                        "psql variables source_conninfo and target_conninfo hold the connection"
                                                + " strings"),
                                "SELECT pglogical.drop_subscription("
                                        + Sql.literal(r.subscription())
                                        + ")",
                                "pglogical/subscriber"),
                        Model.of()
                                .put("subscription", Literal.of(r.subscription()))
                                .put("node", Literal.of(targetNode(c)))
                                .put("nodeConninfoVar", Ident.of("target_conninfo"))
                                .put("providerConninfoVar", Ident.of("source_conninfo"))
                                .put("sets", Fragment.join(", ", sets))
                                .put("copyData", Fragment.keyword(Boolean.toString(r.copyData())))
                                .build());
        stages(c);
    }

    @Override
    public void monitor(CompileContext c) {
        boolean modern = ServerInfo.comparable(c.diff().sourceMajor()) >= 10;
        c.steps()
                .add(
                        new StepSpec(
                                "monitor-sync",
                                Plan.Cluster.TARGET,
                                Step.Phase.MONITOR,
                                true,
                                Step.LockRisk.NONE,
                                "Show the subscription's status and the initial sync state per table; run as often as needed.",
                                List.of("the subscription exists"),
                                "nothing to undo (reads only)",
                                "pglogical/monitor-target"),
                        Model.of()
                                .put(
                                        "subscription",
                                        Literal.of(c.plan().replication().subscription()))
                                .build());
        c.steps()
                .add(
                        new StepSpec(
                                "monitor-lag",
                                Plan.Cluster.SOURCE,
                                Step.Phase.MONITOR,
                                true,
                                Step.LockRisk.NONE,
                                "Show the replication slot's lag on the source; run as often as needed.",
                                List.of("the subscription exists"),
                                "nothing to undo (reads only)",
                                "pglogical/monitor-source"),
                        Model.of()
                                .put("slot", Literal.of(forwardSlot(c)))
                                .put(
                                        "lsnDiff",
                                        Fragment.keyword(
                                                modern
                                                        ? "pg_wal_lsn_diff"
                                                        : "pg_xlog_location_diff"))
                                .put(
                                        "currentLsn",
                                        Fragment.keyword(
                                                modern
                                                        ? "pg_current_wal_lsn"
                                                        : "pg_current_xlog_location"))
                                .build());
    }

    @Override
    public void stop(CompileContext c) {
        c.steps()
                .add(
                        new StepSpec(
                                "drop-subscription",
                                Plan.Cluster.TARGET,
                                Step.Phase.SWITCHOVER,
                                true,
                                Step.LockRisk.NONE,
                                "Stop replicating from the old cluster: drop the pglogical subscription (and its slot"
                                        + " on the source).",
                                List.of(
                                        "sequences are synced",
                                        "the source's final LSN is confirmed"),
                                "recreate the subscription with synchronize_data := false",
                                "pglogical/drop-subscription"),
                        Model.of()
                                .put(
                                        "subscription",
                                        Literal.of(c.plan().replication().subscription()))
                                .build());
    }

    @Override
    public void rollback(CompileContext c) {
        List<Map<String, Object>> full = new ArrayList<>();
        List<Map<String, Object>> insertOnly = new ArrayList<>();
        for (TableMove t : c.diff().tables()) {
            Fragment columns =
                    Fragment.concat(
                            Fragment.keyword("ARRAY"),
                            Fragment.separator("["),
                            Fragment.join(
                                    ", ", t.rollbackColumns().stream().map(Literal::of).toList()),
                            Fragment.separator("]"));
            boolean identity =
                    t.target().hasUsableIdentity() && t.publish() == TableMove.Publish.ALL;
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
                                                            ? ROLLBACK_SET
                                                            : ROLLBACK_INSERT_ONLY_SET))
                                    .build());
        }
        c.steps()
                .add(
                        new StepSpec(
                                "rollback-provider",
                                Plan.Cluster.TARGET,
                                Step.Phase.ROLLBACK,
                                true,
                                Step.LockRisk.CATALOG,
                                "Publish the new cluster's changes back in sets of lrplan's own, limited to the"
                                        + " columns the old cluster has; tables without a row identity insert-only.",
                                List.of(
                                        "the forward subscription is dropped",
                                        "writes go to the new cluster"),
                                "SELECT pglogical.drop_replication_set(…) for both sets",
                                "pglogical/provider"),
                        Model.of()
                                .put("node", Literal.of(targetNode(c)))
                                .put("conninfoVar", Ident.of("target_conninfo"))
                                .put("createNode", false)
                                .put("guardSet", Literal.of(ROLLBACK_SET))
                                .put(
                                        "sets",
                                        List.of(
                                                set(ROLLBACK_SET, true, true, full),
                                                set(
                                                        ROLLBACK_INSERT_ONLY_SET,
                                                        true,
                                                        false,
                                                        insertOnly)))
                                .put("lockTimeout", c.lockTimeout())
                                .build());
        c.steps()
                .add(
                        new StepSpec(
                                "rollback-subscription",
                                Plan.Cluster.SOURCE,
                                Step.Phase.ROLLBACK,
                                true,
                                Step.LockRisk.NONE,
                                "Subscribe the old cluster to the new one, without copying: it follows every write"
                                        + " from now on.",
                                List.of(
                                        "the rollback sets exist",
                                        "psql variables source_conninfo and"
                                                + " target_conninfo hold the connection strings"),
                                "SELECT pglogical.drop_subscription("
                                        + Sql.literal(rollbackSubscription(c))
                                        + ")",
                                "pglogical/subscriber"),
                        Model.of()
                                .put("subscription", Literal.of(rollbackSubscription(c)))
                                .put("node", Literal.of(sourceNode(c)))
                                .put("nodeConninfoVar", Ident.of("source_conninfo"))
                                .put("providerConninfoVar", Ident.of("target_conninfo"))
                                .put(
                                        "sets",
                                        Fragment.join(
                                                ", ",
                                                List.of(
                                                        Literal.of(ROLLBACK_SET),
                                                        Literal.of(ROLLBACK_INSERT_ONLY_SET))))
                                .put("copyData", Fragment.keyword("false"))
                                .build());
    }

    @Override
    public void cleanup(CompileContext c) {
        boolean rollback = c.plan().rollback().enabled();
        c.steps()
                .add(
                        new StepSpec(
                                "cleanup-source",
                                Plan.Cluster.SOURCE,
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
                                                                                rollbackSubscription(
                                                                                        c)))
                                                                .build())
                                                : List.of())
                                .put("sets", List.of())
                                .put("node", Literal.of(sourceNode(c)))
                                .put(
                                        "slots",
                                        List.of(
                                                Model.of()
                                                        .put("slot", Literal.of(forwardSlot(c)))
                                                        .build()))
                                .build());
        c.steps()
                .add(
                        new StepSpec(
                                "cleanup-target",
                                Plan.Cluster.TARGET,
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
                                                                        Literal.of(ROLLBACK_SET))
                                                                .build(),
                                                        Model.of()
                                                                .put(
                                                                        "name",
                                                                        Literal.of(
                                                                                ROLLBACK_INSERT_ONLY_SET))
                                                                .build())
                                                : List.of())
                                .put("node", Literal.of(targetNode(c)))
                                .put(
                                        "slots",
                                        rollback
                                                ? List.of(
                                                        Model.of()
                                                                .put(
                                                                        "slot",
                                                                        Literal.of(rollbackSlot(c)))
                                                                .build())
                                                : List.of())
                                .build());
    }

    @Override
    public Names names(CompileContext c) {
        return new Names(
                null,
                c.plan().replication().subscription(),
                forwardSlot(c),
                c.plan()
                        .replication()
                        .stages()
                        .map(Replication.Stages::intervalSeconds)
                        .orElse(0L));
    }
}
