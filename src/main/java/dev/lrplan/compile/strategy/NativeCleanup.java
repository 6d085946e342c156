package dev.lrplan.compile.strategy;

import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.Model;
import dev.lrplan.compile.step.Step;
import dev.lrplan.compile.step.StepSpec;
import dev.lrplan.contract.Cluster;
import dev.lrplan.plan.Replication;
import dev.lrplan.sql.Ident;
import dev.lrplan.sql.Literal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Native cleanup after the rollback window: the rollback pair, then the forward publication, and a
 * check that no slot of this plan is left.
 */
final class NativeCleanup {
    private NativeCleanup() {}

    static void add(CompileContext c) {
        List<Map<String, Object>> identities = restoredIdentities(c);
        NativeRollback.cleanup(c);
        Replication r = c.plan().replication();
        List<Map<String, Object>> pubs = new ArrayList<>();
        pubs.add(Model.of().put("name", Ident.of(r.publication())).build());
        if (NativeStrategy.hasInsertOnly(c)) {
            pubs.add(
                    Model.of()
                            .put("name", Ident.of(NativeStrategy.insertOnlyPublication(c)))
                            .build());
        }
        c.steps()
                .add(
                        new StepSpec(
                                "drop-publication",
                                Cluster.SOURCE,
                                Step.Phase.CLEANUP,
                                true,
                                Step.LockRisk.CATALOG,
                                "Drop the forward publication, give back the replica identities replica-identity changed, and check that no slot of this plan is left on the old cluster.",
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
                                .put("identities", identities)
                                .put("hasIdentities", !identities.isEmpty())
                                .put("lockTimeout", c.lockTimeout())
                                .build());
    }

    /**
     * The tables the replica-identity step changed, with the identity the old schema had, which
     * drop-publication puts back once nothing is published: FULL logs every column of every updated
     * or deleted row, and a chosen index stays tied to the table.
     */
    private static List<Map<String, Object>> restoredIdentities(CompileContext c) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (dev.lrplan.diff.TableMove t : c.diff().tables()) {
            if (t.identityFix().kind() != dev.lrplan.diff.TableMove.IdentityFix.Kind.NONE
                    && t.source() != null) {
                dev.lrplan.catalog.Table.ReplicaIdentity was = t.source().replicaIdentity();
                if (was == dev.lrplan.catalog.Table.ReplicaIdentity.DEFAULT
                        || was == dev.lrplan.catalog.Table.ReplicaIdentity.NOTHING) {
                    out.add(
                            Model.of()
                                    .put("table", t.name().quoted())
                                    .put("identity", dev.lrplan.sql.Fragment.keyword(was.name()))
                                    .build());
                }
            }
        }
        return out;
    }
}
