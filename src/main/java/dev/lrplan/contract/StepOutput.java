package dev.lrplan.contract;

/** What a step's results are: shown to the operator, or statements for the target cluster. */
public enum StepOutput {
    SHOWN,
    TARGET_SQL;

    public String wire() {
        return Wire.name(this);
    }

    public static StepOutput parse(String text) {
        return Wire.parse(StepOutput.class, text);
    }
}
