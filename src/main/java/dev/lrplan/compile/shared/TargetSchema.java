package dev.lrplan.compile.shared;

import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.Model;
import dev.lrplan.compile.step.Step;
import dev.lrplan.compile.step.StepSpec;
import dev.lrplan.contract.Cluster;
import dev.lrplan.diff.TableMove;
import dev.lrplan.diff.TypeChange;
import dev.lrplan.expr.FillExpression;
import dev.lrplan.sql.CommentText;
import dev.lrplan.sql.Fragment;
import dev.lrplan.sql.Ident;
import dev.lrplan.sql.Literal;
import dev.lrplan.sql.Sql;
import dev.lrplan.sql.SqlText;
import dev.lrplan.sql.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The target-schema step: drift shims (source-only columns, nullable, no default) and, per table,
 * one drift function and one ENABLE ALWAYS trigger that carries every renamed column of the table
 * both ways and computes every filled column ({@code drift.fill}) of each replicated row.
 */
public final class TargetSchema {
    private TargetSchema() {}

    /** The view that counts, per widened rename, the rows whose value the copy back skipped. */
    public static final String NOT_CARRIED_VIEW = "rollback_not_carried";

    private static final StepSpec SPEC =
            new StepSpec(
                    "target-schema",
                    Cluster.TARGET,
                    Step.Phase.SCHEMA,
                    true,
                    Step.LockRisk.CATALOG,
                    "Add drift shims (source-only columns, nullable, no default) and the drift triggers (ENABLE "
                            + "ALWAYS) that carry renamed columns and fill the plan's new columns on the target.",
                    List.of(
                            "the target schema is restored",
                            "the target has no application traffic"),
                    "the drift-cleanup step drops every shim and trigger this step adds",
                    "target-schema");

    public static void add(CompileContext c) {
        List<Map<String, Object>> shims = new ArrayList<>();
        List<Map<String, Object>> triggers = new ArrayList<>();
        List<Map<String, Object>> relaxed = new ArrayList<>();
        List<Map<String, Object>> notCarried = new ArrayList<>();
        List<Map<String, Object>> functionChecks = new ArrayList<>();
        List<Map<String, Object>> identities = new ArrayList<>();
        for (TableMove t : c.diff().tables()) {
            if (t.identityFix().targetIndex() != null) {
                identities.add(
                        Model.of()
                                .put("table", t.name().quoted())
                                .put("index", Ident.of(t.identityFix().targetIndex()))
                                .build());
            }
            for (TableMove.Shim s : t.shims()) {
                shims.add(shim(t, s.column(), s.type()));
            }
            List<Map<String, Object>> pairs = new ArrayList<>();
            StringBuilder body = new StringBuilder();
            for (TableMove.Rename r : t.renames()) {
                shims.add(shim(t, r.oldColumn(), r.oldType()));
                pairs.add(pair(t, r, notCarried));
                body.append(r.oldColumn()).append('\0').append(r.newColumn()).append('\0');
            }
            List<Map<String, Object>> fills = new ArrayList<>();
            for (TableMove.Fill f : t.fills()) {
                FillExpression e = f.expression();
                fills.add(
                        Model.of()
                                .put("column", Ident.of(f.column()))
                                .put("expression", Fragment.parsedExpression(e.onNewRow()))
                                .put("text", CommentText.of(f.column() + " := " + e.text()))
                                .build());
                body.append(e.onNewRow()).append('\0');
                if (f.notNull()) {
                    relaxed.add(
                            Model.of()
                                    .put("table", t.name().quoted())
                                    .put("column", Ident.of(f.column()))
                                    .build());
                }
                for (String fn : e.functions()) {
                    functionChecks.add(
                            Model.of()
                                    .put("where", Literal.of(t.name().display() + "." + f.column()))
                                    .put("function", Literal.of(fn))
                                    .put(
                                            "schema",
                                            fn.contains(".")
                                                    ? java.util.Optional.of(
                                                            Literal.of(
                                                                    fn.substring(
                                                                            0,
                                                                            fn.lastIndexOf('.'))))
                                                    : java.util.Optional.empty())
                                    .put("name", Literal.of(fn.substring(fn.lastIndexOf('.') + 1)))
                                    .build());
                }
            }
            if (t.hasDriftTrigger()) {
                triggers.add(
                        Model.of()
                                .put("table", t.name().quoted())
                                .put(
                                        "function",
                                        Fragment.qualified(
                                                t.name().schema(), driftFunction(t.name())))
                                .put("pairs", pairs)
                                .put("fills", fills)
                                .put("tag", Fragment.dollarTag("lrplan", body.toString()))
                                .build());
            }
        }
        c.steps()
                .add(
                        SPEC,
                        Model.of()
                                .put("shims", shims)
                                .put("triggers", triggers)
                                .put("relaxed", relaxed)
                                .put("functionChecks", functionChecks)
                                .put("notCarried", Model.items(notCarried))
                                .put("hasNotCarried", !notCarried.isEmpty())
                                .put(
                                        "notCarriedView",
                                        Fragment.qualified("lrplan", NOT_CARRIED_VIEW))
                                .put("identities", identities)
                                .put(
                                        "empty",
                                        shims.isEmpty()
                                                && triggers.isEmpty()
                                                && identities.isEmpty())
                                .put("lockTimeout", c.lockTimeout())
                                .build());
    }

    private static Map<String, Object> shim(TableMove t, String column, String type) {
        return Model.of()
                .put("table", t.name().quoted())
                .put("column", Ident.of(column))
                .put("type", TypeName.of(type))
                .build();
    }

    /**
     * One renamed column: copied forwards always; copied back into the old column only where the
     * old type holds the value, so that lrplan's trigger never makes an application write fail.
     */
    private static Map<String, Object> pair(
            TableMove t, TableMove.Rename r, List<Map<String, Object>> notCarried) {
        Ident oldCol = Ident.of(r.oldColumn());
        Ident newCol = Ident.of(r.newColumn());
        // PL/pgSQL cannot reference a U&"…" name as NEW.field; such columns go through jsonb.
        boolean direct = !oldCol.sql().startsWith("U&") && !newCol.sql().startsWith("U&");
        String newType = t.target().column(r.newColumn()).orElseThrow().type();
        SqlText newValue =
                direct
                        ? Fragment.concat(Fragment.keyword("NEW"), Fragment.separator("."), newCol)
                        : Fragment.rule(
                                "((to_jsonb(NEW) ->> %1$s)::%2$s)",
                                Literal.of(r.newColumn()), TypeName.of(newType));
        TypeChange back = r.copyBack();
        boolean never = back != null && back.kind() == TypeChange.Kind.INCOMPATIBLE;
        Model m =
                Model.of()
                        .put("old", oldCol)
                        .put("new", newCol)
                        .put("oldComment", CommentText.of(r.oldColumn()))
                        .put("newComment", CommentText.of(r.newColumn()))
                        .put("oldName", Literal.of(r.oldColumn()))
                        .put("newName", Literal.of(r.newColumn()))
                        .put("direct", direct)
                        .put("copyNever", never)
                        .put("copyAlways", back == null)
                        .put("copyIfFits", back != null && !never);
        if (back != null && !never) {
            Fragment violation = back.violationFor(newValue);
            m.put("doesNotFit", violation);
            notCarried.add(
                    Model.of()
                            .put("tableText", Literal.of(t.name().display()))
                            .put("columnText", Literal.of(r.newColumn()))
                            .put("table", t.name().quoted())
                            .put("violation", back.violationFor(newCol))
                            .build());
        } else {
            m.put("doesNotFit", Fragment.keyword("false"));
        }
        if (never) {
            notCarried.add(
                    Model.of()
                            .put("tableText", Literal.of(t.name().display()))
                            .put("columnText", Literal.of(r.newColumn()))
                            .put("table", t.name().quoted())
                            .put(
                                    "violation",
                                    Fragment.concat(newCol, Fragment.keyword(" IS NOT NULL")))
                            .build());
        }
        return m.build();
    }

    /**
     * The drift function of a table: named by a hash of the table, so no two tables' functions
     * collide.
     */
    public static String driftFunction(QualifiedName table) {
        return "lrplan_drift_" + Sql.shortHash(table.sql());
    }
}
