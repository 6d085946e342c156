package dev.lrplan.contract;

/** What apply waits for, showing progress, before it runs a step. */
public enum Gate {
    NONE,
    /** every table of the subscription ready */
    SYNC,
    /** the slot's lag under --max-lag */
    LAG,
    /** the target confirmed the source's final position */
    FINAL_LSN,
    /** the previous stage's tables ready and the plan's interval passed */
    STAGE,
    /** the rollback subscription healthy and its slot within the lag limit */
    ROLLBACK_LAG,
    /** going back: the old cluster applied the new cluster's last write (its final position) */
    BACK_FINAL_LSN;

    public String wire() {
        return Wire.name(this);
    }

    /** What the operator reads: {@code final lsn}. */
    public String label() {
        return wire().replace('-', ' ');
    }

    public static Gate parse(String text) {
        return Wire.parse(Gate.class, text);
    }
}
