package dev.lrplan.compile.strategy;

import dev.lrplan.catalog.ServerInfo;
import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.Model;
import dev.lrplan.compile.step.Step;
import dev.lrplan.compile.step.StepSpec;
import dev.lrplan.contract.Cluster;
import dev.lrplan.sql.Fragment;
import dev.lrplan.sql.Literal;
import java.util.List;

/**
 * pglogical's monitor steps: the subscription's status and each table's sync state on the target,
 * the slot's lag on the source.
 */
final class PglogicalMonitor {
    private PglogicalMonitor() {}

    static void add(CompileContext c) {
        boolean modern = ServerInfo.comparable(c.diff().sourceMajor()) >= 10;
        c.steps()
                .add(
                        new StepSpec(
                                "monitor-sync",
                                Cluster.TARGET,
                                Step.Phase.MONITOR,
                                true,
                                Step.LockRisk.NONE,
                                "Show the subscription's status and the initial sync state per table; run as often as needed.",
                                List.of("the subscription exists"),
                                "nothing to undo (reads only)",
                                "pglogical/monitor-target"),
                        Model.of()
                                .put(
                                        "subscription",
                                        Literal.of(c.plan().replication().subscription()))
                                .build());
        c.steps()
                .add(
                        new StepSpec(
                                "monitor-lag",
                                Cluster.SOURCE,
                                Step.Phase.MONITOR,
                                true,
                                Step.LockRisk.NONE,
                                "Show the replication slot's lag on the source; run as often as needed.",
                                List.of("the subscription exists"),
                                "nothing to undo (reads only)",
                                "pglogical/monitor-source"),
                        Model.of()
                                .put("slot", Literal.of(PglogicalNames.forwardSlot(c)))
                                .put(
                                        "lsnDiff",
                                        Fragment.keyword(
                                                modern
                                                        ? "pg_wal_lsn_diff"
                                                        : "pg_xlog_location_diff"))
                                .put(
                                        "currentLsn",
                                        Fragment.keyword(
                                                modern
                                                        ? "pg_current_wal_lsn"
                                                        : "pg_current_xlog_location"))
                                .build());
    }
}
