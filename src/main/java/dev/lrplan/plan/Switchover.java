package dev.lrplan.plan;

import java.util.Objects;
import java.util.Optional;

/** What happens when writes move to the target. */
public record Switchover(
        SequenceSync sequences,
        long sequenceMargin,
        boolean analyze,
        boolean vacuum,
        boolean refreshMaterializedViews,
        Optional<Pgbouncer> pgbouncer) {
    public Switchover {
        Objects.requireNonNull(pgbouncer, "pgbouncer");
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
