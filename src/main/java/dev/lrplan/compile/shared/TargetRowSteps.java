package dev.lrplan.compile.shared;

import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.Model;
import dev.lrplan.compile.step.Step;
import dev.lrplan.compile.step.StepSpec;
import dev.lrplan.contract.Cluster;
import dev.lrplan.diff.TargetMerge;
import dev.lrplan.sql.Fragment;
import dev.lrplan.sql.Ident;
import dev.lrplan.sql.Literal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The steps of {@code tables.target_rows}: truncate-target empties, before the copy, the target
 * tables whose source rows win; merge-target-rows, in the write pause, prints for each keep-target
 * table an INSERT … ON CONFLICT DO NOTHING per source row, so the target keeps its own rows and
 * gains the source's it lacks.
 */
public final class TargetRowSteps {
    private TargetRowSteps() {}

    public static void truncate(CompileContext c) {
        if (c.diff().truncate().isEmpty()) {
            return;
        }
        c.steps()
                .add(
                        new StepSpec(
                                "truncate-target",
                                Cluster.TARGET,
                                Step.Phase.SCHEMA,
                                true,
                                Step.LockRisk.TABLE,
                                "Delete the rows the new schema's install put into tables whose source rows win"
                                        + " (tables.target_rows: truncate), before the copy.",
                                List.of(
                                        "the target has no application traffic",
                                        "no subscription yet"),
                                "restore the target's rows from the new schema's install script",
                                "truncate-target"),
                        Model.of()
                                .put(
                                        "tables",
                                        Fragment.join(
                                                ", ",
                                                c.diff().truncate().stream()
                                                        .map(
                                                                n ->
                                                                        (dev.lrplan.sql.SqlText)
                                                                                n.quoted())
                                                        .toList()))
                                .put("lockTimeout", c.lockTimeout())
                                .build());
    }

    public static void merge(CompileContext c) {
        if (c.diff().merges().isEmpty()) {
            return;
        }
        List<Map<String, Object>> tables = new ArrayList<>();
        for (TargetMerge m : c.diff().merges()) {
            String placeholders =
                    String.join(", ", m.sourceColumns().stream().map(x -> "%L").toList());
            tables.add(
                    Model.of()
                            .put("table", m.name().quoted())
                            .put("display", Literal.of(m.name().display()))
                            .put("tableText", Literal.of(m.name().quoted().sql()))
                            .put(
                                    "targetColumnsText",
                                    Literal.of(
                                            Fragment.join(
                                                            ", ",
                                                            m.targetColumns().stream()
                                                                    .map(Ident::of)
                                                                    .toList())
                                                    .sql()))
                            .put(
                                    "pattern",
                                    Literal.of(
                                            "INSERT INTO %s (%s) VALUES ("
                                                    + placeholders
                                                    + ") ON CONFLICT DO NOTHING;"))
                            .put(
                                    "sourceColumns",
                                    Fragment.join(
                                            ", ",
                                            m.sourceColumns().stream().map(Ident::of).toList()))
                            .build());
        }
        c.steps()
                .add(
                        new StepSpec(
                                "merge-target-rows",
                                Cluster.SOURCE,
                                Step.Phase.SWITCHOVER,
                                true,
                                Step.LockRisk.NONE,
                                "For each keep-target table, print the source's rows as INSERT … ON CONFLICT DO NOTHING"
                                        + " for the target: it keeps its own rows and gains the source's it lacks.",
                                List.of(
                                        "the application no longer writes to the source",
                                        "the target confirmed the final position"),
                                "delete the merged rows on the target (those whose key the target's own rows lacked)",
                                "merge-target-rows"),
                        Model.of().put("tables", tables).build());
    }
}
