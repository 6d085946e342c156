package dev.lrplan.compile.strategy;

import dev.lrplan.capability.Capabilities;
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
 * The native rollback path: the new cluster publishes back to the old one, which subscribes without
 * copying.
 */
final class NativeRollback {
    private NativeRollback() {}

    static String publication(CompileContext c) {
        return Sql.fitName(c.plan().replication().publication() + "_rollback");
    }

    static String subscription(CompileContext c) {
        return Sql.fitName(c.plan().replication().subscription() + "_rollback");
    }

    static String insertOnlyPublication(CompileContext c) {
        return Sql.fitName(c.plan().replication().publication() + "_rollback_insert_only");
    }

    static boolean hasInsertOnly(CompileContext c) {
        return c.diff().rollbackTables().stream()
                .anyMatch(t -> t.publish() != TableMove.Publish.ALL);
    }

    /**
     * Before the write pause: the rollback publication on the new cluster, with the checks that its
     * rows fit the old columns. Nothing reads it until the rollback subscription creates its slot,
     * inside the pause, after the forward subscription is dropped; so it costs the pause nothing.
     */
    static void addPublication(CompileContext c) {
        String pub = publication(c);
        boolean columnLists = Capabilities.columnLists(c.diff().targetMajor());
        List<Map<String, Object>> items = new ArrayList<>();
        List<Map<String, Object>> fixes = new ArrayList<>();
        List<Map<String, Object>> checks = RollbackChecks.of(c);
        List<Map<String, Object>> insertOnly = new ArrayList<>();
        for (TableMove t : c.diff().rollbackTables()) {
            if (t.publish() != TableMove.Publish.ALL) {
                // Published insert-only forwards (no row identity): back the same way, so that the
                // new
                // application's inserts reach the old cluster; REVIEW.md says UPDATE and DELETE do
                // not.
                insertOnly.add(
                        Model.of()
                                .put("table", t.name().quoted())
                                .put(
                                        "columns",
                                        columnLists
                                                ? Fragment.concat(
                                                        Fragment.separator(" ("),
                                                        Fragment.join(
                                                                ", ",
                                                                t.rollbackColumns().stream()
                                                                        .map(Ident::of)
                                                                        .toList()),
                                                        Fragment.separator(")"))
                                                : Fragment.empty())
                                .build());
                continue;
            }
            Fragment cols =
                    Fragment.join(", ", t.rollbackColumns().stream().map(Ident::of).toList());
            boolean full = !t.targetHasIdentity();
            if (full) {
                // Once published, UPDATE and DELETE on the new cluster need an identity there too;
                // and PostgreSQL
                // allows no column list with REPLICA IDENTITY FULL (the diff checked that the old
                // cluster has every
                // column of such a table).
                fixes.add(
                        Model.of()
                                .put("table", t.name().quoted())
                                .put("identity", Fragment.keyword("FULL"))
                                .build());
            }
            items.add(
                    Model.of()
                            .put("table", t.name().quoted())
                            .put(
                                    "columns",
                                    columnLists && !full
                                            ? Fragment.concat(
                                                    Fragment.separator(" ("),
                                                    cols,
                                                    Fragment.separator(")"))
                                            : Fragment.empty())
                            .build());
        }
        c.steps()
                .add(
                        new StepSpec(
                                "rollback-publication",
                                Cluster.TARGET,
                                Step.Phase.ROLLBACK,
                                true,
                                Step.LockRisk.CATALOG,
                                RollbackChecks.purposePrefix(checks)
                                        + (checks.isEmpty() ? "Publish" : "publish")
                                        + " the new cluster's changes back"
                                        + (columnLists
                                                ? ", limited to the columns the old cluster has (column lists)."
                                                : "."),
                                List.of(
                                        "the initial copy is done (its checks read every row that came over)",
                                        "before the write pause: nothing reads the publication until the"
                                                + " rollback subscription creates its slot, after the forward"
                                                + " subscription is dropped"),
                                "DROP PUBLICATION " + Sql.ident(pub),
                                "native/rollback-publication"),
                        Model.of()
                                .put("publication", Ident.of(pub))
                                .put("publicationLiteral", Literal.of(pub))
                                // A column list on a partitioned table needs it (seen on 16:
                                // "cannot use column list for relation … in publication …").
                                .put(
                                        "viaRoot",
                                        columnLists
                                                && c.diff().tables().stream()
                                                        .anyMatch(
                                                                t ->
                                                                        t.target() != null
                                                                                && t.target().kind()
                                                                                        == dev
                                                                                                .lrplan
                                                                                                .catalog
                                                                                                .Table
                                                                                                .Kind
                                                                                                .PARTITIONED))
                                .put("fixes", fixes)
                                .put("checks", checks)
                                .put("hasChecks", !checks.isEmpty())
                                .put("tables", Model.items(items))
                                .put("insertOnly", Model.items(insertOnly))
                                .put("hasInsertOnly", !insertOnly.isEmpty())
                                .put("insertOnlyPublication", Ident.of(insertOnlyPublication(c)))
                                .put("lockTimeout", c.lockTimeout())
                                .build());
    }

    /**
     * Inside the write pause, after the forward subscription is dropped: the old cluster subscribes
     * to the new one, without copying.
     */
    static void addSubscription(CompileContext c) {
        String pub = publication(c);
        String sub = subscription(c);
        List<Map<String, Object>> options = new ArrayList<>();
        options.add(SubscriptionOptions.option("copy_data", Fragment.keyword("false")));
        options.add(SubscriptionOptions.option("create_slot", Fragment.keyword("true")));
        options.add(SubscriptionOptions.option("slot_name", Literal.of(sub)));
        options.addAll(
                SubscriptionOptions.of(
                        c, sub, c.diff().targetMajor(), c.diff().sourceMajor(), false));
        options.sort(java.util.Comparator.comparing(m -> m.get("name").toString()));
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
                                        "the rollback publication exists",
                                        "psql variable target_conninfo holds the target's connection string"),
                                "DROP SUBSCRIPTION " + Sql.ident(sub),
                                "native/subscription"),
                        Model.of()
                                .put("subscription", Ident.of(sub))
                                .put("subscriptionLiteral", Literal.of(sub))
                                .put(
                                        "publications",
                                        hasInsertOnly(c)
                                                ? Fragment.join(
                                                        ", ",
                                                        List.of(
                                                                Ident.of(pub),
                                                                Ident.of(insertOnlyPublication(c))))
                                                : Ident.of(pub))
                                .put("options", Model.items(options))
                                .put("conninfoVar", Ident.of("target_conninfo"))
                                .build());
    }

    static void cleanup(CompileContext c) {
        List<Map<String, Object>> identities = restoredIdentities(c);
        if (!c.plan().rollback().enabled()) {
            return;
        }
        String sub = subscription(c);
        c.steps()
                .add(
                        new StepSpec(
                                "drop-rollback-subscription",
                                Cluster.SOURCE,
                                Step.Phase.CLEANUP,
                                false,
                                Step.LockRisk.NONE,
                                "After the rollback window: drop the rollback subscription (and its slot on the new"
                                        + " cluster).",
                                List.of("the rollback window is over"),
                                "run rollback-subscription again",
                                "native/drop-subscription"),
                        Model.of()
                                .put("subscription", Ident.of(sub))
                                .put("subscriptionLiteral", Literal.of(sub))
                                .build());
        c.steps()
                .add(
                        new StepSpec(
                                "drop-rollback-publication",
                                Cluster.TARGET,
                                Step.Phase.CLEANUP,
                                true,
                                Step.LockRisk.CATALOG,
                                "Drop the rollback publication, give back the replica identities rollback-publication"
                                        + " changed, and check that no lrplan slot is left on the new cluster.",
                                List.of("the rollback subscription is dropped"),
                                "run rollback-publication again",
                                "native/drop-publication"),
                        Model.of()
                                .put(
                                        "publications",
                                        hasInsertOnly(c)
                                                ? List.of(
                                                        Model.of()
                                                                .put(
                                                                        "name",
                                                                        Ident.of(publication(c)))
                                                                .build(),
                                                        Model.of()
                                                                .put(
                                                                        "name",
                                                                        Ident.of(
                                                                                insertOnlyPublication(
                                                                                        c)))
                                                                .build())
                                                : List.of(
                                                        Model.of()
                                                                .put(
                                                                        "name",
                                                                        Ident.of(publication(c)))
                                                                .build()))
                                .put(
                                        "slots",
                                        Model.items(
                                                List.of(
                                                        Model.of()
                                                                .put("slot", Literal.of(sub))
                                                                .build())))
                                .put("identities", identities)
                                .put("hasIdentities", !identities.isEmpty())
                                .put("lockTimeout", c.lockTimeout())
                                .build());
    }

    /**
     * The tables rollback-publication gave REPLICA IDENTITY FULL (no identity of their own on the
     * new cluster), with the identity the new schema has, which drop-rollback-publication puts
     * back: FULL logs every column of every updated or deleted row.
     */
    static List<Map<String, Object>> restoredIdentities(CompileContext c) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TableMove t : c.diff().rollbackTables()) {
            if (t.publish() == TableMove.Publish.ALL
                    && !t.targetHasIdentity()
                    && t.target() != null
                    && t.target().replicaIdentity()
                            != dev.lrplan.catalog.Table.ReplicaIdentity.FULL) {
                out.add(
                        Model.of()
                                .put("table", t.name().quoted())
                                .put(
                                        "identity",
                                        Fragment.keyword(t.target().replicaIdentity().name()))
                                .build());
            }
        }
        return out;
    }
}
