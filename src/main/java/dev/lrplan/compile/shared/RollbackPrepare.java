package dev.lrplan.compile.shared;

import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.Model;
import dev.lrplan.compile.step.Step;
import dev.lrplan.compile.step.StepSpec;
import dev.lrplan.contract.Cluster;
import dev.lrplan.diff.RelaxOld;
import dev.lrplan.sql.Ident;
import dev.lrplan.sql.Literal;
import dev.lrplan.sql.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rollback-prepare step, on the old cluster before the rollback path starts: relaxes each
 * constraint the plan's {@code rollback.relaxed} says to relax there too, so that what the new
 * application writes can be applied back.
 */
public final class RollbackPrepare {
    private RollbackPrepare() {}

    public static void add(CompileContext c) {
        if (c.diff().relaxOld().isEmpty() || !c.plan().rollback().enabled()) {
            return;
        }
        List<Map<String, Object>> items = new ArrayList<>();
        boolean rewrites = false;
        for (RelaxOld r : c.diff().relaxOld()) {
            rewrites |= r.newType() != null;
            items.add(
                    Model.of()
                            .put("table", r.table().quoted())
                            .put("tableLiteral", Literal.of(r.table().regclassText()))
                            .put("dropNotNull", r.column() != null && r.newType() == null)
                            .put("widen", r.newType() != null)
                            .put("dropIndex", r.index() != null)
                            .put("dropCheck", r.check() != null)
                            .put("check", Optional.ofNullable(r.check()).map(Ident::of))
                            .put("column", Optional.ofNullable(r.column()).map(Ident::of))
                            .put("type", Optional.ofNullable(r.newType()).map(TypeName::of))
                            .put("index", Optional.ofNullable(r.index()).map(Ident::of))
                            .put("indexLiteral", Optional.ofNullable(r.index()).map(Literal::of))
                            .put("schemaLiteral", Literal.of(r.table().schema()))
                            .build());
        }
        c.steps()
                .add(
                        new StepSpec(
                                "rollback-prepare",
                                Cluster.SOURCE,
                                Step.Phase.ROLLBACK,
                                true,
                                rewrites ? Step.LockRisk.TABLE : Step.LockRisk.CATALOG,
                                "Relax on the old cluster the constraints the new schema relaxes (rollback.relaxed:"
                                        + " relax-old), so the rollback path can apply what the new application writes.",
                                List.of("the application no longer writes to the source"),
                                "restore each constraint by hand once the rollback window is over",
                                "rollback-prepare"),
                        Model.of().put("items", items).put("lockTimeout", c.lockTimeout()).build());
    }
}
