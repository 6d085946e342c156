package dev.lrplan.compile.strategy;

import dev.lrplan.compile.shared.Stages;
import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.Model;
import dev.lrplan.compile.step.Step;
import dev.lrplan.compile.step.StepSpec;
import dev.lrplan.contract.Cluster;
import dev.lrplan.diff.TableMove;
import dev.lrplan.sql.Fragment;
import dev.lrplan.sql.Literal;
import java.util.List;
import java.util.Map;

/**
 * Staged table addition under pglogical: each stage after the first adds its tables to the
 * provider's set with synchronize_data.
 */
final class PglogicalStages {
    private PglogicalStages() {}

    /**
     * Stages after the first: add their tables to the sets on the source, then synchronize them on
     * the target.
     */
    static void add(CompileContext c) {
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
                                    Cluster.SOURCE,
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
                                    Cluster.TARGET,
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

    static Map<String, Object> set(
            String name, boolean create, boolean updates, List<Map<String, Object>> tables) {
        return Model.of()
                .put("set", Literal.of(name))
                .put("create", create)
                .put("updates", Fragment.keyword(Boolean.toString(updates)))
                .put("tables", tables)
                .build();
    }
}
