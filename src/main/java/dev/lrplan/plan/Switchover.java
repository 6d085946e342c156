package dev.lrplan.plan;

import java.util.Objects;

/** What happens when writes move to the target. */
public record Switchover(
        SequenceSync sequences,
        long sequenceMargin,
        boolean analyze,
        boolean vacuum,
        boolean refreshMaterializedViews) {
    public Switchover {
        Objects.requireNonNull(sequences, "sequences");
        if (sequenceMargin < 0) {
            throw new IllegalArgumentException("sequence_margin must not be negative");
        }
    }

    public enum SequenceSync {
        SETVAL,
        ALTER_RESTART
    }
}
