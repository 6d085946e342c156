package dev.lrplan.compile.shared;

import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.Model;
import dev.lrplan.compile.step.Step;
import dev.lrplan.compile.step.StepSpec;
import dev.lrplan.diff.TableMove;
import dev.lrplan.plan.Plan;
import dev.lrplan.sql.CommentText;
import dev.lrplan.sql.Fragment;
import dev.lrplan.sql.Ident;
import dev.lrplan.sql.Literal;
import dev.lrplan.sql.Sql;
import dev.lrplan.sql.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The target-schema step: drift shims (source-only columns, nullable, no default) and, per table,
 * one rename function and one ENABLE ALWAYS trigger that carries every renamed column of the table
 * both ways.
 */
public final class TargetSchema {
    private TargetSchema() {}

    private static final StepSpec SPEC =
            new StepSpec(
                    "target-schema",
                    Plan.Cluster.TARGET,
                    Step.Phase.SCHEMA,
                    true,
                    Step.LockRisk.CATALOG,
                    "Add drift shims (source-only columns, nullable, no default) and rename triggers (ENABLE "
                            + "ALWAYS) on the target.",
                    List.of(
                            "the target schema is restored",
                            "the target has no application traffic"),
                    "the drift-cleanup step drops every shim and trigger this step adds",
                    "target-schema");

    public static void add(CompileContext c) {
        List<Map<String, Object>> shims = new ArrayList<>();
        List<Map<String, Object>> renames = new ArrayList<>();
        for (TableMove t : c.diff().tables()) {
            for (TableMove.Shim s : t.shims()) {
                shims.add(
                        Model.of()
                                .put("table", t.name().quoted())
                                .put("column", Ident.of(s.column()))
                                .put("type", TypeName.of(s.type()))
                                .build());
            }
            List<Map<String, Object>> pairs = new ArrayList<>();
            StringBuilder body = new StringBuilder();
            for (TableMove.Rename r : t.renames()) {
                Ident oldCol = Ident.of(r.oldColumn());
                Ident newCol = Ident.of(r.newColumn());
                shims.add(
                        Model.of()
                                .put("table", t.name().quoted())
                                .put("column", oldCol)
                                .put("type", TypeName.of(r.oldType()))
                                .build());
                pairs.add(
                        Model.of()
                                .put("old", oldCol)
                                .put("new", newCol)
                                .put("oldComment", CommentText.of(r.oldColumn()))
                                .put("newComment", CommentText.of(r.newColumn()))
                                .put("oldName", Literal.of(r.oldColumn()))
                                .put("newName", Literal.of(r.newColumn()))
                                // PL/pgSQL cannot reference a U&"…" name as NEW.field; such columns
                                // go through jsonb.
                                .put(
                                        "direct",
                                        !oldCol.sql().startsWith("U&")
                                                && !newCol.sql().startsWith("U&"))
                                .build());
                body.append(oldCol.sql()).append('\0').append(newCol.sql()).append('\0');
            }
            if (!pairs.isEmpty()) {
                renames.add(
                        Model.of()
                                .put("table", t.name().quoted())
                                .put(
                                        "function",
                                        Fragment.qualified(
                                                t.name().schema(), renameFunction(t.name())))
                                .put("pairs", pairs)
                                .put("tag", Fragment.dollarTag("lrplan", body.toString()))
                                .build());
            }
        }
        c.steps()
                .add(
                        SPEC,
                        Model.of()
                                .put("shims", shims)
                                .put("renames", renames)
                                .put("empty", shims.isEmpty() && renames.isEmpty())
                                .put("lockTimeout", c.lockTimeout())
                                .build());
    }

    /**
     * The rename function of a table: named by a hash of the table, so no two tables' functions
     * collide.
     */
    public static String renameFunction(QualifiedName table) {
        return "lrplan_rename_" + Sql.shortHash(table.sql());
    }
}
