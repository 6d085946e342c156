package dev.lrplan.diff;

import dev.lrplan.catalog.Sequence;
import java.util.Objects;

/** A sequence synced at switchover: the source's value, plus the margin, is set on the target's. */
public record SequenceMove(Sequence source, Sequence target) {
    public SequenceMove {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
    }
}
