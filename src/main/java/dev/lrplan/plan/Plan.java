package dev.lrplan.plan;

import dev.lrplan.contract.Cluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A migration plan as loaded and checked from YAML (see docs/plan.md for every key). Immutable;
 * paths are resolved against the plan file's folder.
 *
 * @param file the plan file
 * @param name the migration's name; other names default from it
 */
public record Plan(
        Path file,
        String name,
        Endpoint source,
        Endpoint target,
        Replication replication,
        TableSelection tables,
        Drift drift,
        Switchover switchover,
        Rollback rollback,
        Monitoring monitoring,
        String lockTimeout,
        List<ExtraStep> extraSteps,
        Verify verify,
        Rehearse rehearse) {
    public static final int FORMAT = 1;

    public Plan {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(replication, "replication");
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(drift, "drift");
        Objects.requireNonNull(switchover, "switchover");
        Objects.requireNonNull(rollback, "rollback");
        Objects.requireNonNull(monitoring, "monitoring");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        extraSteps = List.copyOf(extraSteps);
        Objects.requireNonNull(verify, "verify");
        Objects.requireNonNull(rehearse, "rehearse");
    }

    /**
     * The schema files {@code lrplan rehearse} loads when the command line names none: the old
     * cluster's {@code pg_dump -s} (the new one's defaults to {@code target.schema_file}); null
     * where the plan names none.
     */
    public record Rehearse(java.nio.file.Path sourceSchema, java.nio.file.Path targetSchema) {
        public static final Rehearse NONE = new Rehearse(null, null);
    }

    /**
     * The data verification at switchover: row counts of every table always; a checksum over the
     * rows as well for tables no larger than {@code maxBytes} (AUTO), for every table (ALL), or for
     * none (NONE).
     */
    public record Verify(Checksums checksums, long maxBytes) {
        public static final long DEFAULT_MAX_BYTES = 1L << 30;

        public enum Checksums {
            AUTO,
            ALL,
            NONE
        }
    }

    /**
     * @param exclude tables (schema.table) the rollback path leaves out, each listed in REVIEW.md
     * @param relaxed the plan's decisions about constraints the new schema relaxes
     */
    public record Rollback(boolean enabled, List<String> exclude, List<Relaxation> relaxed) {
        public Rollback {
            exclude = List.copyOf(exclude);
            relaxed = List.copyOf(relaxed);
        }
    }

    /**
     * @param aurora also emit the Aurora PostgreSQL variants of the monitoring queries
     */
    public record Monitoring(boolean aurora) {}

    /** A user's own script, run as a step after the named step. */
    /** The steps a user step can follow, by name: every step the compiler can emit. */
    public static final List<String> STEP_NAMES =
            List.of(
                    "preflight",
                    "target-schema",
                    "data-checks",
                    "truncate-target",
                    "replica-identity",
                    "publication",
                    "subscription",
                    "enable-subscription",
                    "monitor-sync",
                    "monitor-lag",
                    "restore-not-null",
                    "switchover-prepare",
                    "confirm-final-lsn",
                    "verify-data",
                    "sequence-values",
                    "merge-target-rows",
                    "refresh-materialized-views",
                    "drop-subscription",
                    "rollback-prepare",
                    "rollback-publication",
                    "rollback-subscription",
                    "drop-rollback-subscription",
                    "drop-rollback-publication",
                    "drop-publication",
                    "drift-cleanup",
                    "provider",
                    "rollback-provider",
                    "cleanup-source",
                    "cleanup-target",
                    "source-read-only",
                    "pgbouncer-pause",
                    "pgbouncer-repoint",
                    "pgbouncer-resume",
                    "back-pgbouncer-pause",
                    "back-sequence-values",
                    "back-read-write",
                    "back-pgbouncer-repoint",
                    "back-pgbouncer-resume");

    public record ExtraStep(String after, Cluster cluster, Path file) {
        public ExtraStep {
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(cluster, "cluster");
            Objects.requireNonNull(file, "file");
        }
    }
}
