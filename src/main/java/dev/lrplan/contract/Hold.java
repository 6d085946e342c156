package dev.lrplan.contract;

/** What the operator must confirm, with the apply option of the same name, before a step runs. */
public enum Hold {
    NONE,
    /** The operator's go for a switchover in which lrplan pauses the writes (pgbouncer). */
    SWITCHOVER,
    WRITES_STOPPED,
    ROLLBACK_WINDOW_CLOSED,
    /**
     * The operator's decision to go back to the old cluster inside the rollback window: the
     * application has stopped writing to the new cluster (or pgbouncer pauses it). Without it, the
     * steps that go back are skipped once {@link #ROLLBACK_WINDOW_CLOSED} is given.
     */
    GOING_BACK;

    public String wire() {
        return Wire.name(this);
    }

    /** The apply option that confirms it: {@code --writes-stopped}. */
    public String option() {
        return "--" + wire();
    }

    public static Hold parse(String text) {
        return Wire.parse(Hold.class, text);
    }
}
