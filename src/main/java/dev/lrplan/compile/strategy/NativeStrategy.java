package dev.lrplan.compile.strategy;

import dev.lrplan.compile.shared.DeferredIndexes;
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
 * PostgreSQL's built-in logical replication (10 and later): a publication on the source, a
 * subscription on the target that creates its slot and copies the tables, and the same pair in the
 * other direction for the rollback path. Templates: {@code templates/native/}.
 */
public final class NativeStrategy implements Strategy {
    private final boolean ownsInitialCopy;

    public NativeStrategy() {
        this(true);
    }

    /**
     * @param ownsInitialCopy whether the subscription copies the tables (and deferred indexes come
     *     back after its sync); false under snapshot-copy, which copies them itself
     */
    NativeStrategy(boolean ownsInitialCopy) {
        this.ownsInitialCopy = ownsInitialCopy;
    }

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
                                Cluster.SOURCE,
                                Step.Phase.PREFLIGHT,
                                true,
                                Step.LockRisk.NONE,
                                "Check that the source can publish: version, wal_level, a free slot and sender, no name clashes"
                                        + (c.plan().rollback().enabled()
                                                ? "; and that it can log in to the target for the rollback path."
                                                : "."),
                                c.plan().rollback().enabled()
                                        ? List.of(
                                                "the plan's findings have no errors",
                                                "psql variable target_conninfo holds the target's connection string")
                                        : List.of("the plan's findings have no errors"),
                                "nothing to undo (reads only)",
                                "native/preflight-source"),
                        Model.of()
                                .put("walLevel", true)
                                .put("slot", Literal.of(r.slot()))
                                .put("publication", Literal.of(r.publication()))
                                .put(
                                        "rollbackProbe",
                                        c.plan().rollback().enabled()
                                                ? List.of(
                                                        probe(
                                                                "target_conninfo",
                                                                NativeRollback.subscription(c),
                                                                NativeRollback.publication(c),
                                                                "target"))
                                                : List.of())
                                .build());
        c.steps()
                .add(
                        new StepSpec(
                                "preflight",
                                Cluster.TARGET,
                                Step.Phase.PREFLIGHT,
                                true,
                                Step.LockRisk.NONE,
                                "Check that the target can subscribe: version, the tables exist, no subscription of the same"
                                        + " name, and it can log in to the source.",
                                List.of(
                                        "the target schema is restored",
                                        "psql variable source_conninfo holds the source's connection string"),
                                "nothing to undo (reads only)",
                                "native/preflight-target"),
                        Model.of()
                                .put("subscription", Literal.of(r.subscription()))
                                .put("tables", Preflight.targetTables(c))
                                .put("hasTables", !c.diff().tables().isEmpty())
                                .putAll(Preflight.emptyTargets(c))
                                .put("sameTimeZone", Preflight.timeZoneCheck(c))
                                .putAll(
                                        probe(
                                                "source_conninfo",
                                                r.subscription(),
                                                r.publication(),
                                                "source"))
                                .build());
    }

    /** The values of the _conninfo_probe partial: log in as the subscription will. */
    static java.util.Map<String, Object> probe(
            String var, String subscription, String publication, String other) {
        String name = dev.lrplan.sql.Sql.fitName(subscription + "_probe");
        return Model.of()
                .put("probeVar", dev.lrplan.sql.Ident.of(var))
                .put("probeName", Literal.of(name))
                .put("probePublication", Literal.of(publication))
                .put("probeOther", Literal.of(other))
                .put(
                        "probeTag",
                        dev.lrplan.sql.Fragment.dollarTag("lrplan_probe", name, publication))
                .build();
    }

    @Override
    public void publish(CompileContext c) {
        NativePublish.add(c);
    }

    @Override
    public void subscribe(CompileContext c) {
        DeferredIndexes.drop(c);
        subscription(c, true, c.plan().replication().copyData());
        NativeStages.add(c);
    }

    /**
     * The subscription, created disabled, then enabled. With {@code createSlot} false it uses the
     * slot an earlier step created (snapshot-copy).
     */
    static void subscription(CompileContext c, boolean createSlot, boolean copyData) {
        Replication r = c.plan().replication();
        List<Ident> publications = new ArrayList<>(List.of(Ident.of(r.publication())));
        if (hasInsertOnly(c)) {
            publications.add(Ident.of(insertOnlyPublication(c)));
        }
        List<Map<String, Object>> options = new ArrayList<>();
        options.add(SubscriptionOptions.option("enabled", Fragment.keyword("false")));
        options.add(
                SubscriptionOptions.option(
                        "create_slot", Fragment.keyword(Boolean.toString(createSlot))));
        options.add(SubscriptionOptions.option("slot_name", Literal.of(r.slot())));
        options.add(
                SubscriptionOptions.option(
                        "copy_data", Fragment.keyword(Boolean.toString(copyData))));
        options.addAll(
                SubscriptionOptions.of(
                        c, r.subscription(), c.diff().sourceMajor(), c.diff().targetMajor(), true));
        c.steps()
                .add(
                        new StepSpec(
                                "subscription",
                                Cluster.TARGET,
                                Step.Phase.SYNC,
                                false,
                                Step.LockRisk.NONE,
                                createSlot
                                        ? "Create the subscription, disabled; this creates the replication slot on the source."
                                        : "Create the subscription, disabled, on the slot copy-data created; it"
                                                + " copies nothing (copy_data = false) and streams from the slot's"
                                                + " consistent point.",
                                List.of(
                                        createSlot
                                                ? "the publication exists"
                                                : "the copy and the deferred indexes are done",
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
                                Cluster.TARGET,
                                Step.Phase.SYNC,
                                true,
                                Step.LockRisk.NONE,
                                copyData
                                        ? "Start the initial copy and streaming."
                                        : "Start streaming.",
                                List.of("the subscription exists"),
                                "ALTER SUBSCRIPTION " + Sql.ident(r.subscription()) + " DISABLE",
                                "native/enable-subscription"),
                        Model.of().put("subscription", Ident.of(r.subscription())).build());
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
                                Cluster.TARGET,
                                Step.Phase.MONITOR,
                                true,
                                Step.LockRisk.NONE,
                                "Show the initial sync state per table and the apply lag; run as often as needed.",
                                List.of("the subscription is enabled"),
                                "nothing to undo (reads only)",
                                "native/monitor-target"),
                        m);
        // The initial copy is over once every table is ready: the deferred indexes come back
        // while the subscription streams (the apply worker waits on each build's lock).
        if (ownsInitialCopy) {
            DeferredIndexes.build(c);
        }
        c.steps()
                .add(
                        new StepSpec(
                                "monitor-lag",
                                Cluster.SOURCE,
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
                                Cluster.TARGET,
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
    public void rollbackBeforePause(CompileContext c) {
        NativeRollback.addPublication(c);
    }

    @Override
    public void rollback(CompileContext c) {
        NativeRollback.addSubscription(c);
    }

    @Override
    public void cleanup(CompileContext c) {
        NativeCleanup.add(c);
    }

    @Override
    public Names names(CompileContext c) {
        Replication r = c.plan().replication();
        return new Names(
                r.publication(),
                r.subscription(),
                r.slot(),
                r.stages().map(Replication.Stages::intervalSeconds).orElse(0L),
                c.plan().rollback().enabled() ? NativeRollback.subscription(c) : null,
                c.plan().rollback().enabled() ? NativeRollback.subscription(c) : null);
    }

    static boolean hasInsertOnly(CompileContext c) {
        return c.diff().tables().stream()
                .anyMatch(t -> t.publish() == TableMove.Publish.INSERT_ONLY);
    }

    static String insertOnlyPublication(CompileContext c) {
        return dev.lrplan.contract.Manifest.Replication.insertOnly(
                c.plan().replication().publication());
    }
}
