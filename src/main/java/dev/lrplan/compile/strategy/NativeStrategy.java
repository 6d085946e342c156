package dev.lrplan.compile.strategy;

import dev.lrplan.catalog.Table;
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
 * PostgreSQL's built-in logical replication (10 and later): a publication on the source, a
 * subscription on the target that creates its slot and copies the tables, and the same pair in the
 * other direction for the rollback path. Templates: {@code templates/native/}.
 */
public final class NativeStrategy implements Strategy {
    @Override
    public String label() {
        return "native";
    }

    @Override
    public String rationale(int sourceMajor, int targetMajor) {
        return "publications and subscriptions are built into PostgreSQL 10 and later, and both clusters are (the "
                + "source "
                + dev.lrplan.catalog.ServerInfo.majorLabel(sourceMajor)
                + ", the target "
                + dev.lrplan.catalog.ServerInfo.majorLabel(targetMajor)
                + "); no extension is needed on either";
    }

    @Override
    public void preflight(CompileContext c) {
        Replication r = c.plan().replication();
        c.steps()
                .add(
                        new StepSpec(
                                "preflight",
                                Plan.Cluster.SOURCE,
                                Step.Phase.PREFLIGHT,
                                true,
                                Step.LockRisk.NONE,
                                "Check that the source can publish: version, wal_level, a free slot and sender, no name clashes.",
                                List.of("the plan's findings have no errors"),
                                "nothing to undo (reads only)",
                                "native/preflight-source"),
                        Model.of()
                                .put("walLevel", true)
                                .put("slot", Literal.of(r.slot()))
                                .put("publication", Literal.of(r.publication()))
                                .build());
        c.steps()
                .add(
                        new StepSpec(
                                "preflight",
                                Plan.Cluster.TARGET,
                                Step.Phase.PREFLIGHT,
                                true,
                                Step.LockRisk.NONE,
                                "Check that the target can subscribe: version, the tables exist, no subscription of the same name.",
                                List.of("the target schema is restored"),
                                "nothing to undo (reads only)",
                                "native/preflight-target"),
                        Model.of()
                                .put("subscription", Literal.of(r.subscription()))
                                .put("tables", Preflight.targetTables(c))
                                .put("sameTimeZone", Preflight.timeZoneCheck(c))
                                .build());
    }

    @Override
    public void publish(CompileContext c) {
        List<Map<String, Object>> fixes = new ArrayList<>();
        for (TableMove t : c.diff().tables()) {
            switch (t.identityFix().kind()) {
                case FULL ->
                        fixes.add(
                                Model.of()
                                        .put("table", t.name().quoted())
                                        .put("identity", Fragment.keyword("FULL"))
                                        .build());
                case USING_INDEX ->
                        fixes.add(
                                Model.of()
                                        .put("table", t.name().quoted())
                                        .put(
                                                "identity",
                                                Fragment.concat(
                                                        Fragment.keyword("USING INDEX "),
                                                        Ident.of(t.identityFix().index())))
                                        .build());
                case NONE -> {}
            }
        }
        c.steps()
                .add(
                        new StepSpec(
                                "replica-identity",
                                Plan.Cluster.SOURCE,
                                Step.Phase.PUBLISH,
                                true,
                                Step.LockRisk.TABLE,
                                "Give tables without a primary key a replica identity, so UPDATE and DELETE keep working once published.",
                                List.of("data checks passed"),
                                "ALTER TABLE … REPLICA IDENTITY DEFAULT on each table listed",
                                "native/replica-identity"),
                        Model.of()
                                .put("fixes", fixes)
                                .put("empty", fixes.isEmpty())
                                .put("lockTimeout", c.lockTimeout())
                                .build());

        Replication r = c.plan().replication();
        List<Map<String, Object>> all = new ArrayList<>();
        List<Map<String, Object>> insertOnly = new ArrayList<>();
        List<TableMove> firstStage = Stages.of(c.diff().tables(), r.stages()).get(0);
        for (TableMove t : firstStage) {
            (t.publish() == TableMove.Publish.ALL ? all : insertOnly)
                    .add(Model.of().put("table", t.name().quoted()).build());
        }
        c.steps()
                .add(
                        new StepSpec(
                                "publication",
                                Plan.Cluster.SOURCE,
                                Step.Phase.PUBLISH,
                                true,
                                Step.LockRisk.CATALOG,
                                "Publish the selected tables"
                                        + (r.forAllTables()
                                                ? " (FOR ALL TABLES)"
                                                : ", listed one by one")
                                        + ".",
                                List.of("data checks passed", "replica identities are set"),
                                "DROP PUBLICATION "
                                        + Sql.ident(r.publication())
                                        + (insertOnly.isEmpty()
                                                ? ""
                                                : " and its _insert_only twin"),
                                "native/publication"),
                        Model.of()
                                .put("publication", Ident.of(r.publication()))
                                .put("publicationLiteral", Literal.of(r.publication()))
                                .put("insertOnlyPublication", Ident.of(insertOnlyPublication(c)))
                                .put("forAllTables", r.forAllTables())
                                .put("tables", Model.items(all))
                                .put("insertOnly", Model.items(insertOnly))
                                .put("hasInsertOnly", !insertOnly.isEmpty())
                                .put("hasTables", !all.isEmpty())
                                .put(
                                        "viaRoot",
                                        c.diff().viaPartitionRoot()
                                                && c.diff().tables().stream()
                                                        .anyMatch(
                                                                t ->
                                                                        t.source().kind()
                                                                                == Table.Kind
                                                                                        .PARTITIONED))
                                .put("lockTimeout", c.lockTimeout())
                                .build());
    }

    @Override
    public void subscribe(CompileContext c) {
        Replication r = c.plan().replication();
        List<Ident> publications = new ArrayList<>(List.of(Ident.of(r.publication())));
        if (hasInsertOnly(c)) {
            publications.add(Ident.of(insertOnlyPublication(c)));
        }
        List<Map<String, Object>> options = new ArrayList<>();
        options.add(SubscriptionOptions.option("enabled", Fragment.keyword("false")));
        options.add(SubscriptionOptions.option("create_slot", Fragment.keyword("true")));
        options.add(SubscriptionOptions.option("slot_name", Literal.of(r.slot())));
        options.add(
                SubscriptionOptions.option(
                        "copy_data", Fragment.keyword(Boolean.toString(r.copyData()))));
        options.addAll(
                SubscriptionOptions.of(
                        c, r.subscription(), c.diff().sourceMajor(), c.diff().targetMajor(), true));
        c.steps()
                .add(
                        new StepSpec(
                                "subscription",
                                Plan.Cluster.TARGET,
                                Step.Phase.SYNC,
                                false,
                                Step.LockRisk.NONE,
                                "Create the subscription, disabled; this creates the replication slot on the source.",
                                List.of(
                                        "the publication exists",
                                        "psql variable source_conninfo holds the source's connection string"),
                                "DROP SUBSCRIPTION "
                                        + Sql.ident(r.subscription())
                                        + " (also drops the slot on the source)",
                                "native/subscription"),
                        Model.of()
                                .put("subscription", Ident.of(r.subscription()))
                                .put("subscriptionLiteral", Literal.of(r.subscription()))
                                .put("publications", Fragment.join(", ", publications))
                                .put("options", Model.items(options))
                                .put("conninfoVar", Ident.of("source_conninfo"))
                                .build());
        c.steps()
                .add(
                        new StepSpec(
                                "enable-subscription",
                                Plan.Cluster.TARGET,
                                Step.Phase.SYNC,
                                true,
                                Step.LockRisk.NONE,
                                "Start the initial copy and streaming.",
                                List.of("the subscription exists"),
                                "ALTER SUBSCRIPTION " + Sql.ident(r.subscription()) + " DISABLE",
                                "native/enable-subscription"),
                        Model.of().put("subscription", Ident.of(r.subscription())).build());
        stages(c);
    }

    /**
     * Stages after the first: publish their tables on the source, then refresh the subscription on
     * the target.
     */
    private static void stages(CompileContext c) {
        Replication r = c.plan().replication();
        List<List<TableMove>> stages = Stages.of(c.diff().tables(), r.stages());
        for (int k = 1; k < stages.size(); k++) {
            List<TableMove> stage = stages.get(k);
            long bytes = stage.stream().mapToLong(t -> t.source().estimatedBytes()).sum();
            String label =
                    "stage "
                            + (k + 1)
                            + " of "
                            + stages.size()
                            + " ("
                            + stage.size()
                            + " table(s), about "
                            + bytes
                            + " bytes)";
            List<Map<String, Object>> tables =
                    stage.stream()
                            .map(
                                    t ->
                                            Model.of()
                                                    .put("table", t.name().quoted())
                                                    .put(
                                                            "schemaLiteral",
                                                            Literal.of(t.name().schema()))
                                                    .put("nameLiteral", Literal.of(t.name().name()))
                                                    .put(
                                                            "publicationLiteral",
                                                            Literal.of(r.publication()))
                                                    .put("publication", Ident.of(r.publication()))
                                                    .build())
                            .toList();
            c.steps()
                    .add(
                            new StepSpec(
                                    "add-tables-" + (k + 1),
                                    Plan.Cluster.SOURCE,
                                    Step.Phase.SYNC,
                                    true,
                                    Step.LockRisk.CATALOG,
                                    "Publish "
                                            + label
                                            + ", once the previous stage's tables are ready and the "
                                            + "plan's interval has passed.",
                                    List.of("every table of the previous stages is ready"),
                                    "ALTER PUBLICATION "
                                            + Sql.ident(r.publication())
                                            + " DROP TABLE … for the tables listed",
                                    "native/add-tables"),
                            Model.of()
                                    .put("tables", tables)
                                    .put("stage", Fragment.number(k + 1))
                                    .put("stages", Fragment.number(stages.size()))
                                    .put("publicationLiteral", Literal.of(r.publication()))
                                    .put("lockTimeout", c.lockTimeout())
                                    .build());
            c.steps()
                    .add(
                            new StepSpec(
                                    "refresh-subscription-" + (k + 1),
                                    Plan.Cluster.TARGET,
                                    Step.Phase.SYNC,
                                    false,
                                    Step.LockRisk.NONE,
                                    "Start copying " + label + ".",
                                    List.of("stage " + (k + 1) + " is published"),
                                    "nothing to undo: the tables stay subscribed",
                                    "native/refresh-subscription"),
                            Model.of()
                                    .put("subscription", Ident.of(r.subscription()))
                                    .put("stage", Fragment.number(k + 1))
                                    .put("stages", Fragment.number(stages.size()))
                                    .put(
                                            "copyData",
                                            Fragment.keyword(Boolean.toString(r.copyData())))
                                    .build());
        }
    }

    @Override
    public void monitor(CompileContext c) {
        Replication r = c.plan().replication();
        Map<String, Object> m =
                Model.of()
                        .put("subscription", Literal.of(r.subscription()))
                        .put("slot", Literal.of(r.slot()))
                        .put("aurora", c.plan().monitoring().aurora())
                        .build();
        c.steps()
                .add(
                        new StepSpec(
                                "monitor-sync",
                                Plan.Cluster.TARGET,
                                Step.Phase.MONITOR,
                                true,
                                Step.LockRisk.NONE,
                                "Show the initial sync state per table and the apply lag; run as often as needed.",
                                List.of("the subscription is enabled"),
                                "nothing to undo (reads only)",
                                "native/monitor-target"),
                        m);
        c.steps()
                .add(
                        new StepSpec(
                                "monitor-lag",
                                Plan.Cluster.SOURCE,
                                Step.Phase.MONITOR,
                                true,
                                Step.LockRisk.NONE,
                                "Show the replication slot's lag on the source; run as often as needed.",
                                List.of("the subscription is enabled"),
                                "nothing to undo (reads only)",
                                "native/monitor-source"),
                        m);
    }

    @Override
    public void stop(CompileContext c) {
        Replication r = c.plan().replication();
        c.steps()
                .add(
                        new StepSpec(
                                "drop-subscription",
                                Plan.Cluster.TARGET,
                                Step.Phase.SWITCHOVER,
                                false,
                                Step.LockRisk.NONE,
                                "Stop replicating from the old cluster: drop the subscription (and with it the slot"
                                        + " on the source).",
                                List.of(
                                        "sequences are synced",
                                        "the source's final LSN is confirmed"),
                                "recreate the subscription with copy_data = false",
                                "native/drop-subscription"),
                        Model.of()
                                .put("subscription", Ident.of(r.subscription()))
                                .put("subscriptionLiteral", Literal.of(r.subscription()))
                                .build());
    }

    @Override
    public void rollback(CompileContext c) {
        NativeRollback.add(c);
    }

    @Override
    public void cleanup(CompileContext c) {
        NativeRollback.cleanup(c);
        Replication r = c.plan().replication();
        List<Map<String, Object>> pubs = new ArrayList<>();
        pubs.add(Model.of().put("name", Ident.of(r.publication())).build());
        if (hasInsertOnly(c)) {
            pubs.add(Model.of().put("name", Ident.of(insertOnlyPublication(c))).build());
        }
        c.steps()
                .add(
                        new StepSpec(
                                "drop-publication",
                                Plan.Cluster.SOURCE,
                                Step.Phase.CLEANUP,
                                true,
                                Step.LockRisk.CATALOG,
                                "Drop the forward publication and check that no slot of this plan is left on the old cluster.",
                                List.of("the forward subscription is dropped"),
                                "run publication again",
                                "native/drop-publication"),
                        Model.of()
                                .put("publications", pubs)
                                .put(
                                        "slots",
                                        Model.items(
                                                List.of(
                                                        Model.of()
                                                                .put("slot", Literal.of(r.slot()))
                                                                .build())))
                                .build());
    }

    @Override
    public Names names(CompileContext c) {
        Replication r = c.plan().replication();
        return new Names(
                r.publication(),
                r.subscription(),
                r.slot(),
                r.stages().map(Replication.Stages::intervalSeconds).orElse(0L));
    }

    private static boolean hasInsertOnly(CompileContext c) {
        return c.diff().tables().stream()
                .anyMatch(t -> t.publish() == TableMove.Publish.INSERT_ONLY);
    }

    private static String insertOnlyPublication(CompileContext c) {
        return Sql.fitName(c.plan().replication().publication() + "_insert_only");
    }
}
