package dev.lrplan.compile.step;

import dev.lrplan.plan.Plan;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One script of the compiled plan, with its metadata decided once, here: where it runs, in which
 * phase, whether psql may run it in a transaction, how much it locks, and how to undo it.
 *
 * @param template the Mustache template that renders it (from templates/, or the user's
 *     --templates)
 * @param model the template's values, every identifier and literal already quoted
 */
public record Step(
        int number,
        String name,
        Plan.Cluster cluster,
        Phase phase,
        boolean transactional,
        LockRisk lockRisk,
        String purpose,
        List<String> preconditions,
        String undo,
        String template,
        Map<String, Object> model) {
    public Step {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(lockRisk, "lockRisk");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(undo, "undo");
        Objects.requireNonNull(template, "template");
        preconditions = List.copyOf(preconditions);
        model = Map.copyOf(model);
        if (!name.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException(
                    "step names are lower-case words joined by '-': " + name);
        }
    }

    /** {@code NN-name.cluster.sql} */
    public String fileName() {
        return String.format(
                "%02d-%s.%s.sql", number, name, cluster.name().toLowerCase(java.util.Locale.ROOT));
    }

    public enum Phase {
        PREFLIGHT,
        SCHEMA,
        CHECK,
        PUBLISH,
        SYNC,
        MONITOR,
        SWITCHOVER,
        ROLLBACK,
        CLEANUP,
        USER
    }

    /**
     * NONE: reads only; CATALOG: brief catalog locks; TABLE: ACCESS EXCLUSIVE on application
     * tables.
     */
    public enum LockRisk {
        NONE,
        CATALOG,
        TABLE
    }

    /**
     * What {@code lrplan apply} does around the script, decided by the step's name alone so that it
     * is the same for every plan; the manifest records it for the reviewer.
     */
    public Execution execution() {
        return Execution.of(name);
    }

    /**
     * @param gate what apply waits for, showing progress, before it runs the script
     * @param hold what the operator must confirm before apply runs the script
     * @param output SHOWN: results are shown; TARGET_SQL: the results are statements for the target
     *     cluster
     */
    public record Execution(Gate gate, Hold hold, Output output) {
        public enum Gate {
            NONE,
            SYNC,
            LAG,
            FINAL_LSN,
            STAGE
        }

        public enum Hold {
            NONE,
            WRITES_STOPPED,
            ROLLBACK_WINDOW_CLOSED
        }

        public enum Output {
            SHOWN,
            TARGET_SQL
        }

        public static Execution of(String step) {
            if (step.startsWith("add-tables-")) {
                // Staged addition: the previous stage's tables ready, and the plan's interval
                // passed.
                return new Execution(Gate.STAGE, Hold.NONE, Output.SHOWN);
            }
            return switch (step) {
                case "monitor-sync" -> new Execution(Gate.SYNC, Hold.NONE, Output.SHOWN);
                case "monitor-lag" -> new Execution(Gate.LAG, Hold.NONE, Output.SHOWN);
                case "confirm-final-lsn" ->
                        new Execution(Gate.FINAL_LSN, Hold.WRITES_STOPPED, Output.SHOWN);
                case "sequence-values", "verify-data" ->
                        new Execution(Gate.NONE, Hold.WRITES_STOPPED, Output.TARGET_SQL);
                case "drop-subscription" ->
                        new Execution(Gate.NONE, Hold.WRITES_STOPPED, Output.SHOWN);
                case "drop-rollback-subscription",
                        "drop-rollback-publication",
                        "drop-publication",
                        "drift-cleanup",
                        "cleanup-source",
                        "cleanup-target" ->
                        new Execution(Gate.NONE, Hold.ROLLBACK_WINDOW_CLOSED, Output.SHOWN);
                default -> new Execution(Gate.NONE, Hold.NONE, Output.SHOWN);
            };
        }
    }
}
