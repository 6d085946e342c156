package dev.lrplan.apply;

/** Which steps to run. */
public record StepSelection(Kind kind, int step) {
    /**
     * NEXT: the first pending step; ONLY: step N; THROUGH: pending steps up to N; ALL: every
     * pending step.
     */
    public enum Kind {
        NEXT,
        ONLY,
        THROUGH,
        ALL
    }
}
