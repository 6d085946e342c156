package dev.lrplan.compile.shared;

import dev.lrplan.catalog.Column;
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
import dev.lrplan.sql.SqlText;
import dev.lrplan.sql.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The verify-data step, after the target has confirmed the source's final position: per table, the
 * source's row count and (for tables within the plan's size limit) a checksum over the source's
 * columns, printed as a statement that checks the same on the target and stops with the table, both
 * counts and both checksums when they differ.
 *
 * <p>The checksum is the md5 of the sorted md5s of each row's text, so it needs no key and no
 * order. A column whose type differs between the clusters is cast back to the source's type on the
 * target, so that both sides print it alike; REVIEW.md and the step's comments show each cast.
 * Tables published insert-only are left out: their UPDATEs and DELETEs are not replicated, so their
 * rows differ by design.
 */
public final class Verification {
    private Verification() {}

    public static void add(CompileContext c) {
        Plan.Verify v = c.plan().verify();
        List<Map<String, Object>> tables = new ArrayList<>();
        for (TableMove t : c.diff().tables()) {
            if (t.publish() != TableMove.Publish.ALL) {
                continue;
            }
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
                Ident col = Ident.of(sc.name());
                sourceCols.add(col);
                String targetType =
                        t.target().column(sc.name()).map(Column::type).orElse(sc.type());
                if (targetType.equals(sc.type())) {
                    targetCols.add(col);
                } else {
                    targetCols.add(
                            Fragment.concat(col, Fragment.separator("::"), TypeName.of(sc.type())));
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
            tables.add(
                    Model.of()
                            .put("table", t.name().quoted())
                            .put("checksum", checksum && !sourceCols.isEmpty())
                            .put("sourceColumns", Fragment.join(", ", sourceCols))
                            .put(
                                    "targetStatement",
                                    Literal.of(
                                            targetStatement(
                                                    t,
                                                    Fragment.join(", ", targetCols),
                                                    checksum && !sourceCols.isEmpty())))
                            .put("casts", casts)
                            .build());
        }
        c.steps()
                .add(
                        new StepSpec(
                                "verify-data",
                                Plan.Cluster.SOURCE,
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
                        Model.of()
                                .put("tables", tables)
                                .put(
                                        "targetGuard",
                                        Literal.of(
                                                c.steps()
                                                        .targetGuardStatement("data verification")))
                                .build());
    }

    /**
     * The statement the target runs, as a {@code format()} pattern: {@code %1$s} is the source's
     * count, {@code %2$s} its checksum as a literal; every other {@code %} is doubled.
     */
    private static String targetStatement(TableMove t, Fragment targetColumns, boolean checksum) {
        String table = t.name().quoted().sql();
        String display = Literal.of(t.name().display()).sql();
        String tag = Fragment.dollarTag("lrplan_verify", table, targetColumns.sql()).sql();
        String body =
                "DO "
                        + tag
                        + " DECLARE n bigint; s text; BEGIN "
                        + (checksum
                                ? "SELECT count(*), md5(string_agg(h, '' ORDER BY h)) INTO n, s FROM (SELECT md5(ROW("
                                        + targetColumns.sql()
                                        + ")::text) AS h FROM "
                                        + table
                                        + ") r; "
                                : "SELECT count(*) INTO n FROM " + table + "; ")
                        + "IF n <> @@1 "
                        + (checksum ? "OR s IS DISTINCT FROM @@2 " : "")
                        + "THEN RAISE EXCEPTION "
                        + "'lrplan: table % differs: % rows on the source, % on the target"
                        + (checksum
                                ? " (row checksums % and %)', " + display + ", @@1, n, @@2, s"
                                : "', " + display + ", @@1, n")
                        + "; END IF; RAISE NOTICE 'lrplan: % verified: % rows"
                        + (checksum ? ", checksums equal" : "")
                        + "', "
                        + display
                        + ", n; END "
                        + tag
                        + ";";
        return body.replace("%", "%%").replace("@@1", "%1$s").replace("@@2", "%2$L");
    }
}
