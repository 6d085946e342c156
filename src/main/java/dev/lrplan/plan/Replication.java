package dev.lrplan.plan;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How data moves.
 *
 * @param options subscription options as the plan states them (name → value text); the compiler
 *                keeps only those both clusters support
 */
public record Replication(Strategy strategy, String publication, String subscription, String slot,
                          boolean copyData, boolean forAllTables, Map<String, String> options) {
    public Replication {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(publication, "publication");
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(slot, "slot");
        options = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(options));
    }

    /** How rows move. Only a strategy this build implements is accepted: a plan never compiles into another's steps. */
    public enum Strategy {
        NATIVE(true), PGLOGICAL(false), DUMP_RESTORE(false);

        private final boolean implemented;

        Strategy(boolean implemented) {
            this.implemented = implemented;
        }

        public boolean implemented() {
            return implemented;
        }

        /** As the plan writes it: native, pglogical, dump-restore. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
