package dev.lrplan.compile.shared;

import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.catalog.Table;
import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.Model;
import dev.lrplan.compile.step.Step;
import dev.lrplan.compile.step.StepSpec;
import dev.lrplan.contract.Cluster;
import dev.lrplan.diff.TableMove;
import dev.lrplan.diff.TypeChange;
import dev.lrplan.sql.CommentText;
import dev.lrplan.sql.Fragment;
import dev.lrplan.sql.Ident;
import dev.lrplan.sql.Literal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The data-checks step: one scan per table with risky type changes, counting the values the target
 * cannot take.
 */
public final class DataChecks {
    private DataChecks() {}

    private static final StepSpec SPEC =
            new StepSpec(
                    "data-checks",
                    Cluster.SOURCE,
                    Step.Phase.CHECK,
                    true,
                    Step.LockRisk.NONE,
                    "Scan each table with risky type changes once, counting the values the target type cannot"
                            + " take.",
                    List.of("before anything is published"),
                    "nothing to undo (reads only)",
                    "data-checks");

    public static void add(CompileContext c) {
        // Each table's check is built apart from the others: on every core, in table order.
        List<Map<String, Object>> checks =
                c.diff().tables().parallelStream()
                        .map(
                                t ->
                                        model(
                                                t.name(),
                                                t.source().kind() != Table.Kind.PARTITIONED,
                                                t.checks()))
                        .flatMap(Optional::stream)
                        .toList();
        c.steps()
                .add(
                        SPEC,
                        Model.of()
                                .put("checks", checks)
                                .put("hasChecks", !checks.isEmpty())
                                .put("empty", checks.isEmpty())
                                .build());
    }

    /**
     * One scan of a table counting, per column, the values the other side's type cannot take (for
     * _checks).
     */
    public static Optional<Map<String, Object>> model(
            QualifiedName table, boolean only, List<TableMove.CheckedColumn> columns) {
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        List<Map<String, Object>> cols = new ArrayList<>();
        for (TableMove.CheckedColumn col : columns) {
            TypeChange ch = col.change();
            cols.add(
                    Model.of()
                            .put("violation", ch.violationFor(Ident.of(col.column())))
                            .put(
                                    "message",
                                    Literal.of(
                                            (table.display() + "." + col.column())
                                                            .replace("%", "%%")
                                                    + ": %s row(s)"
                                                    + " that "
                                                    + ch.to()
                                                    + " cannot take ("
                                                    + ch.reason().replace("%", "%%")
                                                    + ")"))
                            .build());
        }
        List<Map<String, Object>> items = Model.items(cols);
        return Optional.of(
                Model.of()
                        .put("table", table.quoted())
                        .put("only", only)
                        .put("columns", items)
                        .put("tag", Fragment.dollarTag("lrplan", Model.textsHold(items)))
                        .put("tableComment", CommentText.of(table.display()))
                        .build());
    }
}
