package dev.lrplan.diff;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.catalog.Sequence;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a source sequence's value, carried to the target with the switchover's margin, stays
 * within the target sequence's range (LR112). The target continues the margin past the source's
 * last value, in the sequence's own direction.
 */
public final class SequenceFit {
    private SequenceFit() {}

    /** The value the target must be able to reach after the source's {@code value}. */
    static BigInteger needed(Sequence s, long value, long margin) {
        boolean descending = s.increment() < 0;
        return BigInteger.valueOf(value)
                .add(BigInteger.valueOf(s.increment()))
                .add(BigInteger.valueOf(descending ? -margin : margin));
    }

    /** Whether that value is beyond the target's maximum (or, descending, its minimum). */
    static boolean outside(Sequence s, long value, Sequence t, long margin) {
        BigInteger needed = needed(s, value, margin);
        return s.increment() < 0
                ? needed.compareTo(BigInteger.valueOf(t.min())) < 0
                : needed.compareTo(BigInteger.valueOf(t.max())) > 0;
    }

    /**
     * Whether some value the source sequence can hold would not fit: only then does its last value
     * matter. A sequence widened on the target (integer to bigint, the usual case) always fits, so
     * its value need not be read (reading one opens and locks the sequence).
     */
    static boolean mayNotFit(Sequence s, Sequence t, long margin) {
        return outside(s, s.increment() < 0 ? s.min() : s.max(), t, margin);
    }

    /**
     * The source sequences whose last values LR112 needs: those with a counterpart on the target
     * that some of their values would not fit.
     */
    public static Set<QualifiedName> valuesNeeded(Catalog source, Catalog target, long margin) {
        Set<QualifiedName> out = new HashSet<>();
        for (Sequence s : source.sequences()) {
            Optional<Sequence> t = target.sequence(s.name());
            if (t.isPresent() && mayNotFit(s, t.get(), margin)) {
                out.add(s.name());
            }
        }
        return out;
    }
}
