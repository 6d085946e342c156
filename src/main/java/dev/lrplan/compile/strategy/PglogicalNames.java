package dev.lrplan.compile.strategy;

import dev.lrplan.capability.Pglogical;
import dev.lrplan.catalog.ServerInfo;
import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.contract.Cluster;
import dev.lrplan.sql.Sql;

/**
 * The names of pglogical's objects for a plan: nodes, sets, subscriptions and the slots pglogical
 * derives from them.
 */
final class PglogicalNames {
    private PglogicalNames() {}

    static final String ROLLBACK_SET = "lrplan_rollback";
    static final String ROLLBACK_INSERT_ONLY_SET = "lrplan_rollback_io";

    static String sourceNode(CompileContext c) {
        return "lrp_" + Sql.shortHash(c.plan().name()) + "_src";
    }

    static String targetNode(CompileContext c) {
        return "lrp_" + Sql.shortHash(c.plan().name()) + "_tgt";
    }

    static String rollbackSubscription(CompileContext c) {
        return "lrp_" + Sql.shortHash(c.plan().name()) + "_rb";
    }

    /**
     * The database a cluster's catalog was read from: pglogical puts the subscriber's in the slot's
     * name.
     */
    static String database(CompileContext c, Cluster cluster) {
        return (cluster == Cluster.SOURCE ? c.source() : c.target())
                .serverInfo()
                .map(ServerInfo::database)
                .orElse("unknown");
    }

    static String forwardSlot(CompileContext c) {
        return Pglogical.slotName(
                database(c, Cluster.TARGET), sourceNode(c), c.plan().replication().subscription());
    }

    static String rollbackSlot(CompileContext c) {
        return Pglogical.slotName(
                database(c, Cluster.SOURCE), targetNode(c), rollbackSubscription(c));
    }
}
