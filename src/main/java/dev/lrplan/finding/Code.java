package dev.lrplan.finding;

import java.util.Objects;

/**
 * The closed vocabulary of findings. A code never changes meaning once released; docs/findings.md
 * documents each one (a test keeps the two in step).
 */
public enum Code {
    LR001(
            "wal-level",
            "Set wal_level = logical (needs a restart; on RDS/Aurora: rds.logical_replication = 1)."),
    LR002(
            "replication-slots",
            "Raise max_replication_slots (needs a restart) or drop unused slots."),
    LR003("wal-senders", "Raise max_wal_senders (needs a restart)."),
    LR004(
            "worker-capacity",
            "Raise max_worker_processes and max_logical_replication_workers (needs a restart)."),
    LR005("sync-workers", "Raise max_sync_workers_per_subscription to copy more tables at once."),
    LR006(
            "version-unsupported",
            "Native logical replication needs PostgreSQL 10 or later: use the pglogical strategy or upgrade first."),
    LR007(
            "inactive-slot",
            "Drop the slot if nothing will consume it: it retains WAL until the disk fills."),
    LR010(
            "no-replica-identity",
            "Add a primary key, set REPLICA IDENTITY USING INDEX or FULL, publish it insert-only, or exclude it."),
    LR011(
            "replica-identity-nothing",
            "Set REPLICA IDENTITY DEFAULT (with a primary key), USING INDEX or FULL, or exclude the table."),
    LR012(
            "replica-identity-full",
            "Consider a primary key: with REPLICA IDENTITY FULL each UPDATE/DELETE scans the subscriber's table."),
    LR013(
            "unlogged-table",
            "Unlogged tables are not replicated: exclude them, or make them LOGGED before publishing."),
    LR014(
            "large-objects",
            "Large objects are not replicated: move them with pg_dump --large-objects, or convert them to bytea."),
    LR015(
            "extension-table",
            "Extension-owned tables are left out by default; let the extension fill them on the target."),
    LR016(
            "materialized-view",
            "Materialized views are not replicated: refresh them on the target at switchover."),
    LR017(
            "sequence",
            "Sequences are not replicated: sync them at switchover (setval with a margin)."),
    LR018(
            "partitioned-old-source",
            "Publish each partition (publish_via_partition_root needs PostgreSQL 13 on the source)."),
    LR019(
            "generated-column",
            "Generated columns are not replicated; the subscriber computes its own: make sure both sides compute alike."),
    LR020(
            "existing-publication",
            "An existing publication or subscription may overlap: check its tables before adding lrplan's."),
    LR021(
            "wal-level-rollback",
            "Set wal_level = logical on the target too if the plan keeps a rollback path (needs a restart)."),
    LR101(
            "missing-column-shim",
            "Nothing to do: the shim is added to the target now, backed up and dropped at drift cleanup."),
    LR102(
            "target-not-null-without-default",
            "Give the target column a default, declare a rename from a source column, or make it nullable until switchover."),
    LR103(
            "renamed-column",
            "Nothing to do: an ENABLE ALWAYS trigger on the target copies the old column into the new one."),
    LR104("type-widened", "Nothing to do: replication applies these values safely."),
    LR105(
            "type-needs-check",
            "Let the data-check step run before publishing; fix the rows it names, or widen the target column."),
    LR106(
            "type-incompatible",
            "Change the target type, or accept the change in drift.accept_type_changes with a written reason."),
    LR107(
            "table-missing-on-target",
            "Create the table on the target, or exclude it in tables.exclude."),
    LR108(
            "table-only-on-target",
            "Nothing to do if the application fills it after switchover; otherwise check the plan's table selection."),
    LR109(
            "replica-identity-changed",
            "Review the REPLICA IDENTITY step: FULL makes every UPDATE/DELETE on the subscriber scan the table."),
    LR110(
            "missing-column-refused",
            "Add the column to the target, declare a rename, or set drift.missing_columns: shim."),
    LR111(
            "generated-column-target",
            "Make the target column a plain column, or exclude the table: replication cannot write into a generated column."),
    LR112(
            "sequence-capacity",
            "Widen the target sequence (ALTER SEQUENCE … AS bigint) and its column before switchover."),
    LR113(
            "option-dropped",
            "Nothing to do: the option is not available on one side; REVIEW.md lists it."),
    LR114(
            "rename-invalid",
            "Fix drift.renames: the old column must exist on the source only and the new one on the target only."),
    LR115("partition-root", "Nothing to do: the partitioned table is published through its root."),
    LR116(
            "unknown-target-version",
            "Give target.version in the plan when the target is a schema file."),
    LR118(
            "selection-matches-nothing",
            "Fix the typo in tables.schemas, owner, include or exclude: an entry that matches no source table is refused, since a misspelt exclude would replicate the table."),
    LR119(
            "accepted-change-unknown",
            "Remove the drift.accept_type_changes entry, or fix its table or column: it names no type change the diff found."),
    LR120(
            "pglogical-unsupported",
            "Use versions pglogical supports (9.6 to 17), give the clusters plain database names of at most 16 bytes, or publish tables without a primary key insert-only or with a replica identity index."),
    LR121(
            "rollback-not-carried",
            "Nothing blocks the upgrade: lrplan's copy-back skips these values so that no write on the new cluster fails; if they must reach the old cluster on rollback, widen the old column before the switchover."),
    LR122(
            "fill-invalid",
            "Fix drift.fill: name a column that exists on the target only, in a replicated table, and an expression over the table's source columns that calls only immutable or stable functions."),
    LR123(
            "column-filled",
            "Review the expression: lrplan's trigger computes it for every replicated row, and restores NOT NULL after checking that no row is NULL."),
    LR124(
            "target-rows",
            "Review what happens to the table: with target_rows truncate the source's rows win, with keep-target or exclude the target's; a table left out of the rollback path loses the new cluster's writes on rollback."),
    LR125(
            "rollback-would-trip",
            "Decide in rollback.relaxed: relax-old (a step relaxes the old cluster the same way before the rollback path starts), or accept with a reason."),
    LR126(
            "target-column-stays-null",
            "If the new application expects a value there, give one with drift.fill; otherwise nothing to do."),
    LR127(
            "long-pause-checksums",
            "Lower verify.max_bytes (the larger tables are then only counted) or set verify.checksums: none to keep the pause short; lrplan rehearse measures the pause on your schema."),
    LR128(
            "lock-table",
            "Raise max_locks_per_transaction on that cluster (needs a restart) to the value the finding gives, so that its lock table holds every table the plan replicates."),
    LR117(
            "for-all-tables-too-wide",
            "Set replication.for_all_tables: false so the publication lists only the selected tables, or stop leaving those tables out.");

    private final String slug;
    private final String remedy;

    Code(String slug, String remedy) {
        this.slug = Objects.requireNonNull(slug);
        this.remedy = Objects.requireNonNull(remedy);
    }

    public String slug() {
        return slug;
    }

    /** One sentence telling the operator what to do about it. */
    public String remedy() {
        return remedy;
    }
}
