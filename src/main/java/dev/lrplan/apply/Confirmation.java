package dev.lrplan.apply;

/** What the operator confirms on the command line. */
public enum Confirmation {
    SWITCHOVER,
    WRITES_STOPPED,
    ROLLBACK_WINDOW_CLOSED,
    GOING_BACK
}
