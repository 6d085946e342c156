package dev.lrplan.compile.strategy;

import dev.lrplan.catalog.Table;
import dev.lrplan.compile.shared.Stages;
import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.Model;
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
 * The native publication on the source: replica identities where the plan asks for them, then the
 * publication (and an insert-only one for tables without a row identity).
 */
final class NativePublish {
    private NativePublish() {}

    static void add(CompileContext c) {
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
                                Cluster.SOURCE,
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
                                Cluster.SOURCE,
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
                                .put(
                                        "insertOnlyPublication",
                                        Ident.of(NativeStrategy.insertOnlyPublication(c)))
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
}
