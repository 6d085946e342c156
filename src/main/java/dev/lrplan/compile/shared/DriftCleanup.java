package dev.lrplan.compile.shared;

import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.Model;
import dev.lrplan.compile.step.Step;
import dev.lrplan.compile.step.StepSpec;
import dev.lrplan.diff.TableMove;
import dev.lrplan.plan.Plan;
import dev.lrplan.sql.Fragment;
import dev.lrplan.sql.Ident;
import dev.lrplan.sql.Literal;
import dev.lrplan.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * After the rollback window: back up each shim's data with the row's key, then drop shims and
 * rename triggers.
 */
public final class DriftCleanup {
    /** Where the dropped columns' data is kept, one table per source table. */
    public static final String BACKUP_SCHEMA = "lrplan_backup";

    private DriftCleanup() {}

    public static void add(CompileContext c) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (TableMove t : c.diff().tables()) {
            List<String> dropped = new ArrayList<>();
            t.shims().forEach(s -> dropped.add(s.column()));
            t.renames().forEach(r -> dropped.add(r.oldColumn()));
            if (dropped.isEmpty()) {
                continue;
            }
            List<String> keep =
                    t.target().primaryKey() != null ? t.target().primaryKey().columns() : List.of();
            List<String> backupCols = new ArrayList<>(keep);
            dropped.stream().filter(col -> !backupCols.contains(col)).forEach(backupCols::add);
            items.add(
                    Model.of()
                            .put("table", t.name().quoted())
                            .put("tableLiteral", Literal.of(t.name().regclassText()))
                            .put("firstDropLiteral", Literal.of(dropped.get(0)))
                            .put(
                                    "backup",
                                    Fragment.qualified(
                                            BACKUP_SCHEMA,
                                            Sql.fitName(t.name().schema() + "." + t.name().name())))
                            .put(
                                    "backupColumns",
                                    Fragment.join(
                                            ", ", backupCols.stream().map(Ident::of).toList()))
                            .put(
                                    "drops",
                                    Model.items(
                                            dropped.stream()
                                                    .map(
                                                            col ->
                                                                    Model.of()
                                                                            .put(
                                                                                    "column",
                                                                                    Ident.of(col))
                                                                            .build())
                                                    .toList()))
                            .put("hasRename", !t.renames().isEmpty())
                            .put(
                                    "function",
                                    Fragment.qualified(
                                            t.name().schema(),
                                            TargetSchema.renameFunction(t.name())))
                            .build());
        }
        c.steps()
                .add(
                        new StepSpec(
                                "drift-cleanup",
                                Plan.Cluster.TARGET,
                                Step.Phase.CLEANUP,
                                true,
                                Step.LockRisk.TABLE,
                                "After the rollback window: back up each shim column's data, then drop the shims and rename triggers, "
                                        + "one transaction per table.",
                                List.of(
                                        "the rollback window is over",
                                        "no subscription writes to the target"),
                                "restore the columns from "
                                        + BACKUP_SCHEMA
                                        + " (the backup tables keep the primary key)",
                                "drift-cleanup"),
                        Model.of()
                                .put("tables", items)
                                .put("empty", items.isEmpty())
                                .put("backupSchema", Ident.of(BACKUP_SCHEMA))
                                .put("lockTimeout", c.lockTimeout())
                                .build());
    }
}
