package dev.lrplan.compile.strategy;

import dev.lrplan.catalog.ServerInfo;
import dev.lrplan.compile.shared.Stages;
import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.Model;
import dev.lrplan.compile.step.Names;
import dev.lrplan.compile.step.Step;
import dev.lrplan.compile.step.StepSpec;
import dev.lrplan.contract.Cluster;
import dev.lrplan.diff.TableMove;
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

    @Override
    public void preflight(CompileContext c) {
        c.steps()
                .add(
                        new StepSpec(
                                "preflight",
                                Cluster.SOURCE,
                                Step.Phase.PREFLIGHT,
                                true,
                                Step.LockRisk.NONE,
                                "Check that the source can provide: wal_level, pglogical loaded and installed, a free slot, no node or slot"
                                        + " of the same name.",
                                List.of("the plan's findings have no errors"),
                                "nothing to undo (reads only)",
                                "pglogical/preflight-source"),
                        Model.of()
                                .put("slot", Literal.of(PglogicalNames.forwardSlot(c)))
                                .put("node", Literal.of(PglogicalNames.sourceNode(c)))
                                .build());
        c.steps()
                .add(
                        new StepSpec(
                                "preflight",
                                Cluster.TARGET,
                                Step.Phase.PREFLIGHT,
                                true,
                                Step.LockRisk.NONE,
                                "Check that the target can subscribe: pglogical loaded and installed, the tables exist, no node of the"
                                        + " same name.",
                                List.of("the target schema is restored"),
                                "nothing to undo (reads only)",
                                "pglogical/preflight-target"),
                        Model.of()
                                .put("node", Literal.of(PglogicalNames.targetNode(c)))
                                .put("tables", Preflight.targetTables(c))
                                .put("hasTables", !c.diff().tables().isEmpty())
                                .putAll(Preflight.emptyTargets(c))
                                // The login check creates a native subscription, which asks the
                                // publisher for its publications: a 9.6 source has none to ask.
                                .put(
                                        "loginProbe",
                                        dev.lrplan.catalog.ServerInfo.comparable(
                                                                c.diff().sourceMajor())
                                                        >= 10
                                                ? List.of(
                                                        NativeStrategy.probe(
                                                                "source_conninfo",
                                                                c.plan()
                                                                        .replication()
                                                                        .subscription(),
                                                                c.plan().replication().publication()
                                                                                == null
                                                                        ? "lrplan_probe"
                                                                        : c.plan()
                                                                                .replication()
                                                                                .publication(),
                                                                "source"))
                                                : List.of())
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
        sets.add(PglogicalStages.set("default", false, true, all));
        sets.add(PglogicalStages.set("default_insert_only", false, false, insertOnly));
        c.steps()
                .add(
                        new StepSpec(
                                "provider",
                                Cluster.SOURCE,
                                Step.Phase.PUBLISH,
                                true,
                                Step.LockRisk.CATALOG,
                                "Make the source a pglogical provider: the extension, a node, and the tables in its replication sets.",
                                List.of(
                                        "data checks passed",
                                        "psql variable source_conninfo holds the source's connection string"),
                                "SELECT pglogical.drop_node("
                                        + Sql.literal(PglogicalNames.sourceNode(c))
                                        + ")",
                                "pglogical/provider"),
                        Model.of()
                                .put("node", Literal.of(PglogicalNames.sourceNode(c)))
                                .put("conninfoVar", Ident.of("source_conninfo"))
                                .put("createNode", true)
                                .put("guardSet", Literal.of("default"))
                                .put("checks", List.of())
                                .put("hasChecks", false)
                                .put("sets", sets)
                                .put("lockTimeout", c.lockTimeout())
                                .build());
    }

    static Map<String, Object> forwardTable(TableMove t) {
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
                                Cluster.TARGET,
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
                                .put("node", Literal.of(PglogicalNames.targetNode(c)))
                                .put("nodeConninfoVar", Ident.of("target_conninfo"))
                                .put("providerConninfoVar", Ident.of("source_conninfo"))
                                .put("sets", Fragment.join(", ", sets))
                                .put("copyData", Fragment.keyword(Boolean.toString(r.copyData())))
                                .put("waitReplicating", false)
                                .build());
        PglogicalStages.add(c);
    }

    @Override
    public void monitor(CompileContext c) {
        PglogicalMonitor.add(c);
    }

    @Override
    public void stop(CompileContext c) {
        c.steps()
                .add(
                        new StepSpec(
                                "drop-subscription",
                                Cluster.TARGET,
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
        PglogicalRollback.add(c);
    }

    @Override
    public void cleanup(CompileContext c) {
        PglogicalCleanup.add(c);
    }

    @Override
    public Names names(CompileContext c) {
        return new Names(
                null,
                c.plan().replication().subscription(),
                PglogicalNames.forwardSlot(c),
                c.plan().replication().stages().map(Replication.Stages::intervalSeconds).orElse(0L),
                c.plan().rollback().enabled() ? PglogicalNames.rollbackSubscription(c) : null,
                c.plan().rollback().enabled() ? PglogicalNames.rollbackSlot(c) : null);
    }
}
