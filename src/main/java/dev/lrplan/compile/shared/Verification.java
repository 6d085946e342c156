package dev.lrplan.compile.shared;

import dev.lrplan.catalog.Column;
import dev.lrplan.catalog.Index;
import dev.lrplan.catalog.Table;
import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.Model;
import dev.lrplan.compile.step.Step;
import dev.lrplan.compile.step.StepSpec;
import dev.lrplan.contract.Cluster;
import dev.lrplan.diff.TableMove;
import dev.lrplan.plan.Plan;
import dev.lrplan.sql.CommentText;
import dev.lrplan.sql.Fragment;
import dev.lrplan.sql.Ident;
import dev.lrplan.sql.Literal;
import dev.lrplan.sql.SqlText;
import dev.lrplan.sql.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The verify-data step, after the target has confirmed the source's final position: per table, the
 * source's row count and (for tables within the plan's size limit) a checksum over the source's
 * columns, printed as a call of a function that the step also prints for the target's session. On a
 * mismatch it stops with the table, both counts, both checksums and, for a table with a key, the
 * first range of the key that differs.
 *
 * <p>The checksum is the md5 of the sorted md5s of each row's text, so it needs no order. A column
 * whose type differs between the clusters is cast back to the source's type on the target, so that
 * both sides print it alike; REVIEW.md and the step's comments show each cast. Tables published
 * insert-only are left out: their UPDATEs and DELETEs are not replicated, so their rows differ by
 * design. All SQL is in the template; this class decides the expressions.
 */
public final class Verification {
    private Verification() {}

    public static void add(CompileContext c) {
        Plan.Verify v = c.plan().verify();
        // Each table's model is built apart from the others: on every core, in table order.
        List<Map<String, Object>> tables =
                c.diff().tables().parallelStream()
                        .filter(t -> t.publish() == TableMove.Publish.ALL)
                        .map(t -> table(t, v))
                        .toList();
        c.steps()
                .add(
                        new StepSpec(
                                "verify-data",
                                Cluster.SOURCE,
                                Step.Phase.SWITCHOVER,
                                true,
                                Step.LockRisk.NONE,
                                "After the final position is confirmed: count (and checksum) every table on the source and print the "
                                        + "statements that check the same on the target; pipe them into psql on the target.",
                                List.of(
                                        "the application no longer writes to the source",
                                        "the target confirmed the final position"),
                                "nothing to undo (reads only)",
                                "verify-data"),
                        Model.of().put("tables", tables).build());
    }

    private static Map<String, Object> table(TableMove t, Plan.Verify v) {
        boolean checksum =
                v.checksums() == Plan.Verify.Checksums.ALL
                        || (v.checksums() == Plan.Verify.Checksums.AUTO
                                && t.source().estimatedBytes() <= v.maxBytes());
        List<SqlText> sourceCols = new ArrayList<>();
        List<SqlText> targetCols = new ArrayList<>();
        List<Map<String, Object>> casts = new ArrayList<>();
        for (Column sc : t.source().columns()) {
            if (sc.generated() != null) {
                continue;
            }
            sourceCols.add(Ident.of(sc.name()));
            targetCols.add(asOnSource(t, sc));
            String targetType = t.target().column(sc.name()).map(Column::type).orElse(sc.type());
            if (!targetType.equals(sc.type())) {
                casts.add(
                        Model.of()
                                .put(
                                        "cast",
                                        CommentText.of(
                                                t.name().display()
                                                        + "."
                                                        + sc.name()
                                                        + ": "
                                                        + targetType
                                                        + " read as "
                                                        + sc.type()))
                                .build());
            }
        }
        checksum = checksum && !sourceCols.isEmpty();
        Optional<Column> key = checksum ? rangeKey(t.source()) : Optional.empty();
        Fragment none = Fragment.keyword("NULL");
        Model m =
                Model.of()
                        .put("tableText", Literal.of(t.name().quoted().sql()))
                        .put("display", Literal.of(t.name().display()))
                        .put(
                                "sourceRow",
                                checksum ? Literal.of(Fragment.join(", ", sourceCols).sql()) : none)
                        .put(
                                "targetRow",
                                checksum ? Literal.of(Fragment.join(", ", targetCols).sql()) : none)
                        .put("casts", casts);
        if (key.isPresent()) {
            Column k = key.get();
            m.put("keyName", Literal.of(Ident.of(k.name()).sql()))
                    .put("targetKey", Literal.of(asOnSource(t, k).sql()))
                    .put("keyType", Literal.of(TypeName.of(k.type()).sql()));
        } else {
            m.put("keyName", none).put("targetKey", none).put("keyType", none);
        }
        return m.build();
    }

    /**
     * The column that cuts a table into ranges: the first column of its primary key, or of its
     * replica identity index; every such column has a btree ordering on both clusters.
     */
    private static Optional<Column> rangeKey(Table t) {
        Index key = t.primaryKey();
        if (key == null) {
            key =
                    t.uniqueIndexes().stream()
                            .filter(Index::replicaIdentity)
                            .findFirst()
                            .orElse(null);
        }
        if (key == null || key.columns().isEmpty()) {
            return Optional.empty();
        }
        return t.column(key.columns().get(0)).filter(col -> col.generated() == null);
    }

    /** The column on the target, read as the source's type where the two differ. */
    private static SqlText asOnSource(TableMove t, Column sc) {
        Ident col = Ident.of(sc.name());
        String targetType = t.target().column(sc.name()).map(Column::type).orElse(sc.type());
        return targetType.equals(sc.type())
                ? col
                : Fragment.concat(col, Fragment.separator("::"), TypeName.of(sc.type()));
    }
}
