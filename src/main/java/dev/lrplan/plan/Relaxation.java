package dev.lrplan.plan;

import java.util.Objects;

/**
 * A plan's decision about a constraint the new schema relaxes, which the rollback path would trip
 * on ({@code rollback.relaxed}): relax the old cluster too, or accept the risk with a reason.
 *
 * @param table schema.table
 * @param column the column whose NOT NULL or type the new schema relaxes; null for an index
 * @param index the unique index the new schema drops; null otherwise
 * @param check the CHECK constraint the new schema drops; null otherwise
 * @param reason required for ACCEPT
 */
public record Relaxation(
        String table, String column, String index, String check, Action action, String reason) {
    public Relaxation {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(action, "action");
        int named = (column != null ? 1 : 0) + (index != null ? 1 : 0) + (check != null ? 1 : 0);
        if (named != 1) {
            throw new IllegalArgumentException("a relaxation names a column, an index or a check");
        }
    }

    /** RELAX_OLD: a rollback-preparation step relaxes the old cluster the same way. */
    public enum Action {
        RELAX_OLD,
        ACCEPT
    }

    /**
     * What the decision is about, as findings name it: {@code public.t.c} or {@code public.t (index
     * i)}.
     */
    public String subject() {
        return column != null
                ? table + "." + column
                : index != null
                        ? table + " (index " + index + ")"
                        : table + " (check " + check + ")";
    }
}
