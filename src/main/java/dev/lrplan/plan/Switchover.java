package dev.lrplan.plan;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What happens when writes move to the target.
 *
 * @param readOnlyRoles the application's roles that lrplan makes read-only on the source database
 *     to stop its writes (switchover.read_only_roles); empty: the operator stops them
 */
public record Switchover(
        SequenceSync sequences,
        long sequenceMargin,
        boolean analyze,
        boolean vacuum,
        boolean refreshMaterializedViews,
        Optional<Pgbouncer> pgbouncer,
        List<String> readOnlyRoles) {
    public Switchover {
        Objects.requireNonNull(pgbouncer, "pgbouncer");
        readOnlyRoles = List.copyOf(readOnlyRoles);
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
