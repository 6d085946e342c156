package dev.lrplan.apply;

/** How a run ended. */
public enum ApplyOutcome {
    DONE,
    NOTHING_PENDING,
    HELD
}
