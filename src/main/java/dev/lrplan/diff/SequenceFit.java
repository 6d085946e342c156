package dev.lrplan.diff;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.catalog.Sequence;
import dev.lrplan.finding.Code;
import dev.lrplan.finding.Finding;
import dev.lrplan.finding.Severity;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

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

    /**
     * The source's sequences that {@code wanted} picks, each paired with the target's: LR112 for
     * one missing on the target, or whose value (its start where it was never used) would not fit
     * there.
     */
    static List<SequenceMove> moves(
            Catalog source,
            Catalog target,
            long margin,
            Predicate<Sequence> wanted,
            List<Finding> findings) {
        List<SequenceMove> out = new ArrayList<>();
        for (Sequence s : source.sequences()) {
            if (!wanted.test(s)) {
                continue;
            }
            String name = s.name().display();
            Optional<Sequence> t = target.sequence(s.name());
            if (t.isEmpty()) {
                findings.add(unfit(name, "is missing on the target: its value cannot be synced"));
                continue;
            }
            long value = s.lastValue() == null ? s.start() : s.lastValue();
            if (outside(s, value, t.get(), margin)) {
                findings.add(
                        unfit(
                                name,
                                (s.lastValue() == null
                                                ? "has not been used and starts at " + s.start()
                                                : "is at " + s.lastValue())
                                        + "; with the margin of "
                                        + margin
                                        + (s.increment() < 0
                                                ? " it passes the target's minimum " + t.get().min()
                                                : " it exceeds the target's maximum "
                                                        + t.get().max())));
                continue;
            }
            out.add(new SequenceMove(s, t.get()));
        }
        return out;
    }

    private static Finding unfit(String sequence, String why) {
        return new Finding(
                Code.LR112, Severity.ERROR, sequence, "sequence " + sequence + " " + why);
    }
}
