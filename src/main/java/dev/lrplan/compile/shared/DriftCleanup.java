package dev.lrplan.compile.shared;

import dev.lrplan.catalog.Index;
import dev.lrplan.catalog.Table;
import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.Model;
import dev.lrplan.compile.step.Step;
import dev.lrplan.compile.step.StepSpec;
import dev.lrplan.contract.Cluster;
import dev.lrplan.diff.TableMove;
import dev.lrplan.sql.CommentText;
import dev.lrplan.sql.Fragment;
import dev.lrplan.sql.Ident;
import dev.lrplan.sql.Literal;
import dev.lrplan.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * After the rollback window: back up each shim's data with the row's key, then drop the shims and
 * the drift triggers; the step says, per table, how to put a column back from its backup.
 */
public final class DriftCleanup {
    /** Where the dropped columns' data is kept, one table per source table. */
    public static final String BACKUP_SCHEMA = "lrplan_backup";

    private DriftCleanup() {}

    public static void add(CompileContext c) {
        List<Map<String, Object>> items = new ArrayList<>();
        boolean notCarried = false;
        for (TableMove t : c.diff().tables()) {
            List<String> dropped = new ArrayList<>();
            t.shims().forEach(s -> dropped.add(s.column()));
            t.renames().forEach(r -> dropped.add(r.oldColumn()));
            notCarried |= t.renames().stream().anyMatch(r -> r.copyBack() != null);
            if (dropped.isEmpty() && !t.hasDriftTrigger()) {
                continue;
            }
            List<String> key = key(t.target());
            boolean keyed = !key.isEmpty();
            if (!keyed) {
                // No key: keep every other column, so the rows can still be matched back.
                key =
                        t.target().columns().stream()
                                .filter(col -> col.generated() == null)
                                .map(dev.lrplan.catalog.Column::name)
                                .filter(n -> !dropped.contains(n))
                                .toList();
            }
            List<String> backupCols = new ArrayList<>(key);
            dropped.stream().filter(col -> !backupCols.contains(col)).forEach(backupCols::add);
            Fragment backup =
                    Fragment.qualified(
                            BACKUP_SCHEMA, Sql.fitName(t.name().schema() + "." + t.name().name()));
            items.add(
                    Model.of()
                            .put("table", t.name().quoted())
                            .put("tableLiteral", Literal.of(t.name().regclassText()))
                            .put("hasDrops", !dropped.isEmpty())
                            .put(
                                    "pendingColumn",
                                    Literal.of(dropped.isEmpty() ? "" : dropped.get(0)))
                            .put("backup", backup)
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
                            .put("restore", restore(t, key, keyed, dropped, backup))
                            .put("hasTrigger", t.hasDriftTrigger())
                            .put(
                                    "function",
                                    Fragment.qualified(
                                            t.name().schema(),
                                            TargetSchema.driftFunction(t.name())))
                            .build());
        }
        c.steps()
                .add(
                        new StepSpec(
                                "drift-cleanup",
                                Cluster.TARGET,
                                Step.Phase.CLEANUP,
                                true,
                                Step.LockRisk.TABLE,
                                "After the rollback window: back up each shim column's data with the row's key, then drop the"
                                        + " shims and drift triggers, one transaction per table.",
                                List.of(
                                        "the rollback window is over",
                                        "no subscription writes to the target"),
                                "restore a column from "
                                        + BACKUP_SCHEMA
                                        + " as the step's comments show (the backup tables keep the row's key)",
                                "drift-cleanup"),
                        Model.of()
                                .put("tables", items)
                                .put("empty", items.isEmpty())
                                .put("backupSchema", Ident.of(BACKUP_SCHEMA))
                                .put("notCarried", notCarried)
                                .put(
                                        "notCarriedView",
                                        Fragment.qualified("lrplan", TargetSchema.NOT_CARRIED_VIEW))
                                .put("lockTimeout", c.lockTimeout())
                                .build());
    }

    /**
     * The columns that identify a row of the target table: its primary key, else its replica
     * identity index, else (no key at all) every column the cleanup keeps.
     */
    private static List<String> key(Table t) {
        if (t.primaryKey() != null) {
            return t.primaryKey().columns();
        }
        return t.uniqueIndexes().stream()
                .filter(Index::replicaIdentity)
                .findFirst()
                .map(Index::columns)
                .orElse(List.of());
    }

    /** How to put a dropped column back, as comment lines of the step. */
    private static List<Map<String, Object>> restore(
            TableMove t, List<String> key, boolean keyed, List<String> dropped, Fragment backup) {
        List<Map<String, Object>> lines = new ArrayList<>();
        if (dropped.isEmpty()) {
            return lines;
        }
        String match =
                "WHERE "
                        + String.join(
                                " AND ",
                                key.stream()
                                        .map(
                                                k ->
                                                        "t."
                                                                + Sql.ident(k)
                                                                + (keyed
                                                                        ? " = b."
                                                                        : " IS NOT DISTINCT FROM b.")
                                                                + Sql.ident(k))
                                        .toList());
        String col = Sql.ident(dropped.get(0));
        String type =
                t.source().column(dropped.get(0)).map(dev.lrplan.catalog.Column::type).orElse("…");
        lines.add(
                line(
                        "To put a column back, e.g. "
                                + dropped.get(0)
                                + (keyed
                                        ? ", match the backup on the row's key:"
                                        : " (the table has no key: rows alike in every kept column match together):")));
        lines.add(
                line(
                        "  ALTER TABLE "
                                + t.name().quoted().sql()
                                + " ADD COLUMN "
                                + col
                                + " "
                                + type
                                + ";"));
        lines.add(
                line(
                        "  UPDATE "
                                + t.name().quoted().sql()
                                + " t SET "
                                + col
                                + " = b."
                                + col
                                + " FROM "
                                + backup.sql()
                                + " b "
                                + match
                                + ";"));
        return lines;
    }

    private static Map<String, Object> line(String text) {
        return Model.of().put("line", CommentText.of(text)).build();
    }
}
