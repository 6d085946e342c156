package dev.lrplan.compile.shared;

import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.Model;
import dev.lrplan.compile.step.Step;
import dev.lrplan.compile.step.StepSpec;
import dev.lrplan.contract.Cluster;
import dev.lrplan.diff.SequenceMove;
import dev.lrplan.sql.Fragment;
import dev.lrplan.sql.Literal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The way back to the old cluster inside the rollback window, as steps of the folder: they come
 * after the rollback path is in place and before the steps that remove it, and apply runs them only
 * on the operator's word ({@code --going-back}); when the window closes without it ({@code
 * --rollback-window-closed}) it records them as skipped. Sequences are not replicated, so the old
 * cluster's are set past the new cluster's values, once the old cluster has every write of the new
 * one (apply's rollback-lag gate).
 */
public final class GoingBack {
    private GoingBack() {}

    public static void add(CompileContext c) {
        if (!c.plan().rollback().enabled()) {
            return;
        }
        dev.lrplan.plan.Switchover sw = c.plan().switchover();
        List<Map<String, Object>> seqs = new ArrayList<>();
        for (SequenceMove s : c.diff().sequences()) {
            seqs.add(
                    Model.of()
                            .put("target", s.target().name().quoted())
                            .put("sourceRegclass", Literal.of(s.source().name().regclassText()))
                            // The margin goes in the sequence's own direction.
                            .put(
                                    "margin",
                                    Fragment.number(
                                            s.source().increment() < 0
                                                    ? -sw.sequenceMargin()
                                                    : sw.sequenceMargin()))
                            .build());
        }
        PgbouncerSteps.backPause(c);
        c.steps()
                .add(
                        new StepSpec(
                                "back-sequence-values",
                                Cluster.TARGET,
                                Step.Phase.ROLLBACK,
                                true,
                                Step.LockRisk.NONE,
                                "Going back: print the statements that set each old-cluster sequence past the new"
                                        + " cluster's value (+"
                                        + sw.sequenceMargin()
                                        + "); pipe them into psql on the source.",
                                List.of(
                                        "you are going back to the old cluster (apply --going-back)",
                                        "the application no longer writes to the new cluster",
                                        "the old cluster has every write of the new one (the rollback path's"
                                                + " lag is 0)"),
                                "nothing to undo on the target; on the source, the sequences only moved"
                                        + " forward",
                                "back-sequence-values"),
                        Model.of().put("sequences", seqs).build());
        ReadOnlySource.back(c);
        PgbouncerSteps.backRepointAndResume(c);
    }
}
