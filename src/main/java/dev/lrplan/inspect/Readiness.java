package dev.lrplan.inspect;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.catalog.ServerInfo;
import dev.lrplan.catalog.Table;
import dev.lrplan.finding.Code;
import dev.lrplan.finding.Finding;
import dev.lrplan.finding.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Whether a cluster can serve as a logical replication source or target, as findings. Pure: it
 * reads only the catalog. Sync workers are assumed at PostgreSQL's default of two per subscription.
 */
public final class Readiness {
    /**
     * Table sync workers per subscription (PostgreSQL's default), each needing a slot and a sender.
     */
    static final int SYNC_WORKERS = 2;

    private Readiness() {}

    public static List<Finding> assess(Catalog catalog, Role role) {
        ServerInfo server =
                catalog.serverInfo()
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "readiness needs a catalog read from a server, not from a schema file"));
        List<Finding> out = new ArrayList<>();
        if (!server.atLeast(10)) {
            out.add(
                    new Finding(
                            Code.LR006,
                            Severity.ERROR,
                            "cluster",
                            "PostgreSQL "
                                    + server.majorLabel()
                                    + " has no native logical replication (publications and subscriptions arrived in 10)"));
        }
        if (role == Role.SOURCE) {
            source(catalog, server, out);
        } else {
            target(catalog, server, out);
        }
        out.sort(
                Comparator.comparing(Finding::severity)
                        .thenComparing(Finding::code)
                        .thenComparing(Finding::subject));
        return List.copyOf(out);
    }

    public static boolean blocks(List<Finding> findings) {
        return findings.stream().anyMatch(Finding::blocks);
    }

    private static void source(Catalog c, ServerInfo s, List<Finding> out) {
        String walLevel = s.settings().getOrDefault("wal_level", "unknown");
        if (!walLevel.equals("logical")) {
            out.add(
                    new Finding(
                            Code.LR001,
                            Severity.ERROR,
                            "wal_level",
                            "wal_level is '" + walLevel + "'; publishing needs 'logical'"));
        }
        long slots = s.intSetting("max_replication_slots", 0);
        long used = c.replicationSlots().size();
        long needed = 1 + SYNC_WORKERS;
        if (slots - used < 1) {
            out.add(
                    new Finding(
                            Code.LR002,
                            Severity.ERROR,
                            "max_replication_slots",
                            "max_replication_slots is "
                                    + slots
                                    + " and "
                                    + used
                                    + " slot(s) exist: no slot is free for the subscription"));
        } else if (slots - used < needed) {
            out.add(
                    new Finding(
                            Code.LR002,
                            Severity.WARNING,
                            "max_replication_slots",
                            "max_replication_slots is "
                                    + slots
                                    + " with "
                                    + used
                                    + " in use; the initial copy needs "
                                    + needed
                                    + " (one per subscription plus one per table sync worker)"));
        }
        long senders = s.intSetting("max_wal_senders", 0);
        if (senders - used < 1) {
            out.add(
                    new Finding(
                            Code.LR003,
                            Severity.ERROR,
                            "max_wal_senders",
                            "max_wal_senders is "
                                    + senders
                                    + " and "
                                    + used
                                    + " slot(s) may hold senders: no sender is free for the subscription"));
        } else if (senders - used < needed) {
            out.add(
                    new Finding(
                            Code.LR003,
                            Severity.WARNING,
                            "max_wal_senders",
                            "max_wal_senders is "
                                    + senders
                                    + "; the initial copy needs "
                                    + needed
                                    + " beyond those in use"));
        }
        c.replicationSlots().stream()
                .filter(sl -> !sl.active() && "logical".equals(sl.type()))
                .forEach(
                        sl ->
                                out.add(
                                        new Finding(
                                                Code.LR007,
                                                Severity.WARNING,
                                                sl.name(),
                                                "replication slot '"
                                                        + sl.name()
                                                        + "' is inactive and retains WAL")));
        for (Table t : c.tables()) {
            table(t, s, out);
        }
        if (c.largeObjects() > 0) {
            out.add(
                    new Finding(
                            Code.LR014,
                            Severity.WARNING,
                            "large objects",
                            c.largeObjects()
                                    + " large object(s) exist and will not be replicated"));
        }
        c.materializedViews()
                .forEach(
                        mv ->
                                out.add(
                                        new Finding(
                                                Code.LR016,
                                                Severity.INFO,
                                                mv.name().display(),
                                                "materialized view "
                                                        + mv.name().display()
                                                        + " must be refreshed on the target")));
        if (!c.sequences().isEmpty()) {
            out.add(
                    new Finding(
                            Code.LR017,
                            Severity.INFO,
                            "sequences",
                            c.sequences().size() + " sequence(s) must be synced at switchover"));
        }
        c.publications()
                .forEach(
                        p ->
                                out.add(
                                        new Finding(
                                                Code.LR020,
                                                Severity.INFO,
                                                p.name(),
                                                "publication '"
                                                        + p.name()
                                                        + "' already exists"
                                                        + (p.allTables()
                                                                ? " (FOR ALL TABLES)"
                                                                : ""))));
    }

    private static void table(Table t, ServerInfo s, List<Finding> out) {
        String name = t.name().display();
        if (t.extension() != null) {
            out.add(
                    new Finding(
                            Code.LR015,
                            Severity.INFO,
                            name,
                            "table " + name + " belongs to extension " + t.extension()));
            return;
        }
        if (t.unlogged()) {
            out.add(
                    new Finding(
                            Code.LR013, Severity.WARNING, name, "table " + name + " is unlogged"));
            return;
        }
        if (t.kind() == Table.Kind.PARTITIONED && !s.atLeast(13)) {
            out.add(
                    new Finding(
                            Code.LR018,
                            Severity.WARNING,
                            name,
                            "partitioned table "
                                    + name
                                    + " cannot be published through its root on PostgreSQL "
                                    + s.majorLabel()));
        }
        boolean partitionedParent = t.kind() == Table.Kind.PARTITIONED;
        if (t.replicaIdentity() == Table.ReplicaIdentity.NOTHING) {
            out.add(
                    new Finding(
                            Code.LR011,
                            Severity.ERROR,
                            name,
                            "table "
                                    + name
                                    + " has REPLICA IDENTITY NOTHING: UPDATE and DELETE on it fail once it is published"));
        } else if (!t.hasUsableIdentity() && !partitionedParent) {
            out.add(
                    new Finding(
                            Code.LR010,
                            Severity.ERROR,
                            name,
                            "table "
                                    + name
                                    + " has neither a primary key nor a replica identity: UPDATE and DELETE on it fail once it is published"));
        } else if (t.replicaIdentity() == Table.ReplicaIdentity.FULL) {
            out.add(
                    new Finding(
                            Code.LR012,
                            Severity.INFO,
                            name,
                            "table " + name + " uses REPLICA IDENTITY FULL"));
        }
        t.columns().stream()
                .filter(col -> col.generated() != null)
                .forEach(
                        col ->
                                out.add(
                                        new Finding(
                                                Code.LR019,
                                                Severity.INFO,
                                                name + "." + col.name(),
                                                "column "
                                                        + name
                                                        + "."
                                                        + col.name()
                                                        + " is generated")));
    }

    private static void target(Catalog c, ServerInfo s, List<Finding> out) {
        long slots = s.intSetting("max_replication_slots", 0);
        if (s.atLeast(10) && slots < 1 + c.subscriptions().size()) {
            out.add(
                    new Finding(
                            Code.LR002,
                            Severity.ERROR,
                            "max_replication_slots",
                            "max_replication_slots is "
                                    + slots
                                    + "; a subscriber needs one per subscription to track its replication origin"));
        }
        long workers = s.intSetting("max_logical_replication_workers", 0);
        long processes = s.intSetting("max_worker_processes", 0);
        if (s.atLeast(10) && workers < 1) {
            out.add(
                    new Finding(
                            Code.LR004,
                            Severity.ERROR,
                            "max_logical_replication_workers",
                            "max_logical_replication_workers is 0: no apply worker can start"));
        } else if (s.atLeast(10) && workers < 1 + SYNC_WORKERS) {
            out.add(
                    new Finding(
                            Code.LR004,
                            Severity.WARNING,
                            "max_logical_replication_workers",
                            "max_logical_replication_workers is "
                                    + workers
                                    + "; the initial copy wants "
                                    + (1 + SYNC_WORKERS)));
        }
        if (s.atLeast(10) && processes < workers + 1) {
            out.add(
                    new Finding(
                            Code.LR004,
                            Severity.WARNING,
                            "max_worker_processes",
                            "max_worker_processes is "
                                    + processes
                                    + ", below max_logical_replication_workers + 1 ("
                                    + (workers + 1)
                                    + ")"));
        }
        long sync = s.intSetting("max_sync_workers_per_subscription", SYNC_WORKERS);
        if (s.atLeast(10) && sync < SYNC_WORKERS) {
            out.add(
                    new Finding(
                            Code.LR005,
                            Severity.INFO,
                            "max_sync_workers_per_subscription",
                            "max_sync_workers_per_subscription is "
                                    + sync
                                    + ": tables are copied "
                                    + sync
                                    + " at a time"));
        }
        String walLevel = s.settings().getOrDefault("wal_level", "unknown");
        if (!walLevel.equals("logical")) {
            out.add(
                    new Finding(
                            Code.LR021,
                            Severity.WARNING,
                            "wal_level",
                            "wal_level is '"
                                    + walLevel
                                    + "'; the rollback path publishes from this cluster and needs 'logical'"));
        }
        c.subscriptions()
                .forEach(
                        sub ->
                                out.add(
                                        new Finding(
                                                Code.LR020,
                                                Severity.INFO,
                                                sub.name(),
                                                "subscription '"
                                                        + sub.name()
                                                        + "' already exists"
                                                        + (sub.enabled()
                                                                ? " and is enabled"
                                                                : ""))));
    }
}
