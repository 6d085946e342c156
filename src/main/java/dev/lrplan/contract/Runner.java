package dev.lrplan.contract;

/**
 * Who runs a step's work under {@code lrplan apply}: SCRIPT, its statements in order on one
 * connection (as psql would); COPY, apply's own snapshot copy (the script is the by-hand way);
 * PARALLEL, the statements after the script's SET lines on {@code --jobs} connections at once.
 */
public enum Runner {
    SCRIPT,
    COPY,
    PARALLEL;

    public String wire() {
        return Wire.name(this);
    }

    public static Runner parse(String text) {
        return Wire.parse(Runner.class, text);
    }
}
