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
 * The switchover steps every strategy shares: prepare the target (ANALYZE, materialized views),
 * confirm that the target has the source's final WAL position, and carry the sequences over.
 */
public final class Switchover {
    private Switchover() {}

    public static void prepare(CompileContext c) {
        dev.lrplan.plan.Switchover sw = c.plan().switchover();
        List<Map<String, Object>> analyze =
                c.diff().tables().stream()
                        .map(t -> Model.of().put("table", t.name().quoted()).build())
                        .toList();
        List<Map<String, Object>> matviews =
                sw.refreshMaterializedViews()
                        ? c.diff().materializedViews().stream()
                                .map(
                                        m ->
                                                Model.of()
                                                        .put("view", m.quoted())
                                                        .put(
                                                                "viewLiteral",
                                                                dev.lrplan.sql.Literal.of(
                                                                        m.regclassText()))
                                                        .build())
                                .toList()
                        : List.of();
        c.steps()
                .add(
                        new StepSpec(
                                "switchover-prepare",
                                Cluster.TARGET,
                                Step.Phase.SWITCHOVER,
                                !sw.vacuum(),
                                Step.LockRisk.NONE,
                                "Before writes move: refresh planner statistics and materialized views on the target.",
                                List.of("every table is in state ready (monitor-sync)"),
                                "nothing to undo",
                                "switchover-prepare"),
                        Model.of()
                                .put("analyze", sw.analyze() ? analyze : List.of())
                                .put("vacuum", sw.vacuum())
                                .put("matviews", matviews)
                                .build());
    }

    /**
     * The final refresh of the target's materialized views, once the target holds every row of the
     * source (the prepare step's refresh ran while the application still wrote, so its views can be
     * stale). It runs after the forward subscription is dropped, outside the application's write
     * pause.
     */
    public static void refreshViews(CompileContext c) {
        if (!c.plan().switchover().refreshMaterializedViews()
                || c.diff().materializedViews().isEmpty()) {
            return;
        }
        c.steps()
                .add(
                        new StepSpec(
                                "refresh-materialized-views",
                                Cluster.TARGET,
                                Step.Phase.SWITCHOVER,
                                true,
                                Step.LockRisk.TABLE,
                                "Refresh the target's materialized views over the complete data, after the"
                                        + " final position.",
                                List.of("the forward subscription is dropped"),
                                "nothing to undo",
                                "refresh-materialized-views"),
                        Model.of()
                                .put(
                                        "matviews",
                                        c.diff().materializedViews().stream()
                                                .map(
                                                        m ->
                                                                Model.of()
                                                                        .put("view", m.quoted())
                                                                        .put(
                                                                                "viewLiteral",
                                                                                dev.lrplan.sql
                                                                                        .Literal.of(
                                                                                        m
                                                                                                .regclassText()))
                                                                        .build())
                                                .toList())
                                .build());
    }

    /**
     * Waits on the source for the slot's confirmed position: every strategy here streams through a
     * logical slot.
     */
    public static void confirmFinalPosition(CompileContext c, String slot) {
        c.steps()
                .add(
                        new StepSpec(
                                "confirm-final-lsn",
                                Cluster.SOURCE,
                                Step.Phase.SWITCHOVER,
                                true,
                                Step.LockRisk.NONE,
                                "After writes stop on the source: wait until the target has confirmed the source's"
                                        + " final WAL position.",
                                List.of("the application no longer writes to the source"),
                                "nothing to undo (reads only)",
                                "confirm-final-lsn"),
                        Model.of()
                                .put("slot", Literal.of(slot))
                                .put("timeoutSeconds", Fragment.number(300))
                                // Native apply workers report what they applied at once;
                                // pglogical's
                                // only the slot's confirmed flush counts (see apply's gate).
                                .put(
                                        "byWrite",
                                        !c.plan()
                                                        .replication()
                                                        .strategy()
                                                        .equals(
                                                                dev.lrplan.plan.Replication.Strategy
                                                                        .PGLOGICAL)
                                                && dev.lrplan.catalog.ServerInfo.comparable(
                                                                c.diff().sourceMajor())
                                                        >= 10)
                                .put(
                                        "hasBackendType",
                                        dev.lrplan.catalog.ServerInfo.comparable(
                                                        c.diff().sourceMajor())
                                                >= 10)
                                // A DO block may COMMIT from 11 on.
                                .put(
                                        "commitInDo",
                                        dev.lrplan.catalog.ServerInfo.comparable(
                                                        c.diff().sourceMajor())
                                                >= 11)
                                // The functions were renamed in 10 (xlog → wal, location → lsn).
                                .put(
                                        "insertLsn",
                                        Fragment.keyword(
                                                dev.lrplan.catalog.ServerInfo.comparable(
                                                                        c.diff().sourceMajor())
                                                                >= 10
                                                        ? "pg_current_wal_insert_lsn"
                                                        : "pg_current_xlog_insert_location"))
                                .build());
    }

    public static void sequences(CompileContext c) {
        dev.lrplan.plan.Switchover sw = c.plan().switchover();
        List<Map<String, Object>> seqs = new ArrayList<>();
        for (SequenceMove s : c.diff().sequences()) {
            seqs.add(
                    Model.of()
                            .put("source", s.source().name().quoted())
                            // The margin goes in the sequence's own direction.
                            .put(
                                    "margin",
                                    Fragment.number(
                                            s.source().increment() < 0
                                                    ? -sw.sequenceMargin()
                                                    : sw.sequenceMargin()))
                            .put("increment", Fragment.number(s.source().increment()))
                            .put("targetRegclass", Literal.of(s.target().name().regclassText()))
                            .put("targetName", Literal.of(s.target().name().quoted().sql()))
                            .put("targetDisplay", Literal.of(s.target().name().display()))
                            .build());
        }
        c.steps()
                .add(
                        new StepSpec(
                                "sequence-values",
                                Cluster.SOURCE,
                                Step.Phase.SWITCHOVER,
                                true,
                                Step.LockRisk.NONE,
                                "Print the statements that set each target sequence past the source's value (+"
                                        + sw.sequenceMargin()
                                        + "); pipe them into psql on the target.",
                                List.of("the application no longer writes to the source"),
                                "nothing to undo on the source; on the target, setval back if needed",
                                "sequence-values"),
                        Model.of()
                                .put("sequences", seqs)
                                .put("margin", Fragment.number(sw.sequenceMargin()))
                                .put(
                                        "setval",
                                        sw.sequences()
                                                == dev.lrplan.plan.Switchover.SequenceSync.SETVAL)
                                .build());
    }
}
