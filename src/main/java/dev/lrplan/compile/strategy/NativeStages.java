package dev.lrplan.compile.strategy;

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
import java.util.List;
import java.util.Map;

/**
 * Staged table addition under native replication: each stage after the first adds its tables to the
 * publication on the source, then refreshes the subscription on the target.
 */
final class NativeStages {
    private NativeStages() {}

    /**
     * Stages after the first: publish their tables on the source, then refresh the subscription on
     * the target.
     */
    static void add(CompileContext c) {
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
                                    Cluster.SOURCE,
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
                                    Cluster.TARGET,
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
}
