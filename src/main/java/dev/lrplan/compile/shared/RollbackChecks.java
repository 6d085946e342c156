package dev.lrplan.compile.shared;

import dev.lrplan.catalog.Table;
import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.diff.TableMove;
import dev.lrplan.diff.TypeChange;
import dev.lrplan.diff.TypeRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Before the new cluster publishes back, whatever the strategy: the values written there must fit
 * the old cluster's narrower types (bigint here, integer there), or the rollback subscription would
 * stop on the first that does not. The same checks as the data checks, in the other direction, in
 * the {@code _checks} partial of the step that starts the rollback path.
 */
public final class RollbackChecks {
    private RollbackChecks() {}

    /** The check models of every table the rollback path carries; empty when nothing narrows. */
    public static List<Map<String, Object>> of(CompileContext c) {
        // Each table's check is built apart from the others: on every core, in table order.
        return c.diff().rollbackTables().parallelStream()
                .map(RollbackChecks::check)
                .flatMap(java.util.Optional::stream)
                .toList();
    }

    private static java.util.Optional<Map<String, Object>> check(TableMove t) {
        List<TableMove.CheckedColumn> back = new ArrayList<>();
        for (String col : t.rollbackColumns()) {
            var tc = t.target().column(col);
            var sc = t.source().column(col);
            if (tc.isPresent() && sc.isPresent()) {
                TypeChange ch = TypeRules.classify(tc.get().type(), sc.get().type());
                if (ch.kind() == TypeChange.Kind.CHECK) {
                    back.add(new TableMove.CheckedColumn(col, ch));
                }
            }
        }
        return DataChecks.model(t.name(), t.target().kind() != Table.Kind.PARTITIONED, back);
    }

    /** The purpose's opening words: the check only where there is one. */
    public static String purposePrefix(List<Map<String, Object>> checks) {
        return checks.isEmpty()
                ? ""
                : "Check that the new cluster's values fit the old cluster's types, then ";
    }
}
