package dev.lrplan.compile.shared;

import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.Model;
import dev.lrplan.compile.step.Step;
import dev.lrplan.compile.step.StepSpec;
import dev.lrplan.contract.Cluster;
import dev.lrplan.diff.TableMove;
import dev.lrplan.sql.Ident;
import dev.lrplan.sql.Literal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * After the initial sync, before the switchover: the NOT NULL columns that {@code drift.fill}
 * expressions give a value were nullable while replicating; this step checks that no row is NULL,
 * names the columns that are, and sets NOT NULL again. Emitted only where a filled column is NOT
 * NULL on the target.
 */
public final class RestoreNotNull {
    private RestoreNotNull() {}

    public static void add(CompileContext c) {
        List<Map<String, Object>> columns = new ArrayList<>();
        for (TableMove t : c.diff().tables()) {
            for (TableMove.Fill f : t.fills()) {
                if (f.notNull()) {
                    columns.add(
                            Model.of()
                                    .put("table", t.name().quoted())
                                    .put("column", Ident.of(f.column()))
                                    .put("where", Literal.of(t.name().display() + "." + f.column()))
                                    .build());
                }
            }
        }
        if (columns.isEmpty()) {
            return;
        }
        c.steps()
                .add(
                        new StepSpec(
                                "restore-not-null",
                                Cluster.TARGET,
                                Step.Phase.SWITCHOVER,
                                true,
                                Step.LockRisk.TABLE,
                                "Check that the plan's fill expressions left no row NULL, then set NOT NULL again on the"
                                        + " filled columns.",
                                List.of("every table is in state ready (monitor-sync)"),
                                "ALTER TABLE … ALTER COLUMN … DROP NOT NULL on the columns named",
                                "restore-not-null"),
                        Model.of()
                                .put("columns", columns)
                                .put("lockTimeout", c.lockTimeout())
                                .build());
    }
}
