package dev.lrplan.contract;

/**
 * What a step's results are: shown to the operator, or statements for the other cluster (the
 * target's, printed on the source; the source's, printed on the target on the way back).
 */
public enum StepOutput {
    SHOWN,
    TARGET_SQL,
    SOURCE_SQL;

    public String wire() {
        return Wire.name(this);
    }

    public static StepOutput parse(String text) {
        return Wire.parse(StepOutput.class, text);
    }
}
