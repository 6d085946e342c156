package dev.lrplan.diff;

import java.util.Objects;

/**
 * How a column's type changes from source to target, and what that means for replication, which
 * applies every value through the target type's input function.
 *
 * @param violation for {@link Kind#CHECK}: an SQL predicate over the column (written as {@code
 *     %1$s}) that is true for a source value the target cannot take unchanged; else null
 * @param reason why, in one sentence
 */
public record TypeChange(Kind kind, String from, String to, String violation, String reason) {
    public TypeChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        if ((kind == Kind.CHECK) != (violation != null) && kind != Kind.SETTING) {
            throw new IllegalArgumentException(
                    "a CHECK change needs a violation predicate, other kinds none");
        }
    }

    public enum Kind {
        /** The same type. */
        IDENTICAL,
        /** Every source value is accepted unchanged. */
        SAFE,
        /** Some source values fail or change: the data is checked on the source first. */
        CHECK,
        /** Values depend on a setting rather than the data (timestamp ↔ timestamptz). */
        SETTING,
        /** No source value carries over reliably. */
        INCOMPATIBLE
    }

    /** The violation predicate for one column (already quoted). */
    public dev.lrplan.sql.Fragment violationFor(dev.lrplan.sql.SqlText column) {
        return dev.lrplan.sql.Fragment.rule(violation, column);
    }
}
