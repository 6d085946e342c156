package dev.lrplan.plan;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How data moves.
 *
 * @param options subscription options as the plan states them (name → value text); the compiler
 *     keeps only those both clusters support
 * @param deferIndexes drop the target's secondary indexes before the initial copy and build them
 *     after it (default for snapshot-copy)
 * @param maintenanceWorkMem {@code maintenance_work_mem} for building the deferred indexes, as the
 *     plan writes it (e.g. {@code 1GB})
 */
public record Replication(
        Strategy strategy,
        String publication,
        String subscription,
        String slot,
        boolean copyData,
        boolean forAllTables,
        Map<String, String> options,
        java.util.Optional<Stages> stages,
        boolean deferIndexes,
        java.util.Optional<String> maintenanceWorkMem) {
    /**
     * Tables added to replication a few at a time: each stage holds at most {@code maxTables}
     * tables and {@code maxBytes} bytes (at least one table), and starts when the previous stage's
     * tables are ready and {@code intervalSeconds} have passed.
     *
     * @param smallestFirst order the tables by size, smallest first (else by name)
     */
    public record Stages(
            int maxTables, long maxBytes, long intervalSeconds, boolean smallestFirst) {
        public Stages {
            if (maxTables < 1 || maxBytes < 1 || intervalSeconds < 0) {
                throw new IllegalArgumentException(
                        "stages need at least one table and one byte each");
            }
        }
    }

    public Replication {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(publication, "publication");
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(slot, "slot");
        options = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(options));
        Objects.requireNonNull(stages, "stages");
        Objects.requireNonNull(maintenanceWorkMem, "maintenanceWorkMem");
    }

    /**
     * How rows move. Only a strategy this build implements is accepted: a plan never compiles into
     * another's steps.
     */
    public enum Strategy {
        NATIVE(true),
        PGLOGICAL(true),
        SNAPSHOT_COPY(true);

        private final boolean implemented;

        Strategy(boolean implemented) {
            this.implemented = implemented;
        }

        public boolean implemented() {
            return implemented;
        }

        /** As the plan writes it: native, pglogical, snapshot-copy. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
