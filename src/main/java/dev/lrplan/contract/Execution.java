package dev.lrplan.contract;

/**
 * What {@code lrplan apply} does around a step's script, decided by the step's name alone so that
 * it is the same for every plan; the manifest records it for the reviewer and for apply.
 */
public record Execution(Gate gate, Hold hold, StepOutput output, Runner runner) {
    public Execution(Gate gate, Hold hold, StepOutput output) {
        this(gate, hold, output, Runner.SCRIPT);
    }

    /**
     * Whether a new attempt runs the script from its start: a step that prints the other cluster's
     * statements (on its own cluster it only reads), or the final-position step (it checks, and at
     * most commits a logical message). apply records no progress inside such a step, since none
     * would be read: each record is a round trip, and these steps run inside the write pause.
     */
    public boolean rerunsFromStart() {
        return output != StepOutput.SHOWN || gate == Gate.FINAL_LSN;
    }

    public static Execution of(String step) {
        if (step.startsWith("back-")) {
            // The way back, taken only on the operator's word (--going-back); the sequences wait
            // until the old cluster has every write of the new one.
            return new Execution(
                    step.equals("back-sequence-values") ? Gate.BACK_FINAL_LSN : Gate.NONE,
                    Hold.GOING_BACK,
                    step.equals("back-sequence-values") ? StepOutput.SOURCE_SQL : StepOutput.SHOWN);
        }
        if (step.startsWith("add-tables-")) {
            return new Execution(Gate.STAGE, Hold.NONE, StepOutput.SHOWN);
        }
        return switch (step) {
            case "copy-data" -> new Execution(Gate.NONE, Hold.NONE, StepOutput.SHOWN, Runner.COPY);
            case "build-indexes" ->
                    new Execution(Gate.NONE, Hold.NONE, StepOutput.SHOWN, Runner.PARALLEL);
            case "monitor-sync" -> new Execution(Gate.SYNC, Hold.NONE, StepOutput.SHOWN);
            case "monitor-lag" -> new Execution(Gate.LAG, Hold.NONE, StepOutput.SHOWN);
            case "confirm-final-lsn" ->
                    new Execution(Gate.FINAL_LSN, Hold.WRITES_STOPPED, StepOutput.SHOWN);
            case "sequence-values", "verify-data", "merge-target-rows" ->
                    new Execution(Gate.NONE, Hold.WRITES_STOPPED, StepOutput.TARGET_SQL);
            case "drop-subscription",
                    "rollback-prepare",
                    "rollback-provider",
                    "rollback-subscription" ->
                    new Execution(Gate.NONE, Hold.WRITES_STOPPED, StepOutput.SHOWN);
            case "pgbouncer-pause", "source-read-only" ->
                    new Execution(Gate.NONE, Hold.SWITCHOVER, StepOutput.SHOWN);
            case "drop-rollback-subscription", "cleanup-source" ->
                    new Execution(Gate.ROLLBACK_LAG, Hold.ROLLBACK_WINDOW_CLOSED, StepOutput.SHOWN);
            case "drop-rollback-publication",
                    "drop-publication",
                    "drift-cleanup",
                    "cleanup-target" ->
                    new Execution(Gate.NONE, Hold.ROLLBACK_WINDOW_CLOSED, StepOutput.SHOWN);
            default -> new Execution(Gate.NONE, Hold.NONE, StepOutput.SHOWN);
        };
    }
}
