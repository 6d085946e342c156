package dev.lrplan.diff;

import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.catalog.Table;
import dev.lrplan.expr.FillExpression;
import java.util.List;
import java.util.Objects;

/**
 * One table that moves, with everything the compiler must do for it.
 *
 * @param identityFix what the source's replica identity becomes before publishing
 * @param shims source-only columns added to the target (nullable, no default, no constraint)
 * @param renames columns renamed on the target: the old name is added as a shim, a trigger copies
 *     it
 * @param checks columns whose values must be checked on the source before publishing
 * @param rollbackColumns the columns the old cluster has, for the rollback publication's column
 *     list
 * @param identicalTypes every replicated column has the same type on both sides (binary transfer is
 *     safe)
 * @param fills target-only columns that the plan's {@code drift.fill} expressions give a value
 */
public record TableMove(
        QualifiedName name,
        Table source,
        Table target,
        Publish publish,
        IdentityFix identityFix,
        List<Shim> shims,
        List<Rename> renames,
        List<CheckedColumn> checks,
        List<String> rollbackColumns,
        boolean identicalTypes,
        List<Fill> fills) {
    public TableMove {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(publish, "publish");
        Objects.requireNonNull(identityFix, "identityFix");
        shims = List.copyOf(shims);
        renames = List.copyOf(renames);
        checks = List.copyOf(checks);
        rollbackColumns = List.copyOf(rollbackColumns);
        fills = List.copyOf(fills);
    }

    /**
     * Whether the target identifies rows for the rollback path: its own key, or the index the
     * target-schema step makes its replica identity.
     */
    public boolean targetHasIdentity() {
        return target.hasUsableIdentity() || identityFix.targetIndex() != null;
    }

    /** Whether lrplan puts a row trigger on the target table (renames or fills). */
    public boolean hasDriftTrigger() {
        return !renames.isEmpty() || !fills.isEmpty();
    }

    /** Every change, or inserts only (a table with no way to identify rows). */
    public enum Publish {
        ALL,
        INSERT_ONLY
    }

    /**
     * A change to the source's REPLICA IDENTITY; {@code index} only for USING INDEX. {@code
     * targetIndex}: the target's unique index on the same columns, which becomes the target's
     * replica identity too (the subscriber needs one to apply UPDATE and DELETE); null when the
     * target's primary key already serves.
     */
    public record IdentityFix(Kind kind, String index, String targetIndex) {
        public static final IdentityFix NONE = new IdentityFix(Kind.NONE, null, null);

        public IdentityFix(Kind kind, String index) {
            this(kind, index, null);
        }

        public enum Kind {
            NONE,
            FULL,
            USING_INDEX
        }
    }

    /** A drift shim: a source-only column added to the target until drift cleanup. */
    public record Shim(String column, String type) {}

    /**
     * A renamed column: {@code oldColumn} (source) is copied into {@code newColumn} (target) by a
     * trigger, and a write that sets only the new column is copied back into the old one.
     *
     * @param copyBack when the old type cannot hold every value of the new one (a widening rename):
     *     the change from the new type to the old, whose predicate picks the values the copy back
     *     skips; null when every value fits
     */
    public record Rename(String oldColumn, String oldType, String newColumn, TypeChange copyBack) {
        /** A rename whose new column's values all fit the old column. */
        public Rename(String oldColumn, String oldType, String newColumn) {
            this(oldColumn, oldType, newColumn, null);
        }
    }

    /**
     * A target-only column whose value a trigger computes from the replicated row.
     *
     * @param notNull the column is NOT NULL on the target: nullable while replicating, restored
     *     before the switchover once no row is NULL
     */
    public record Fill(String column, FillExpression expression, boolean notNull) {}

    /** A column whose source values are checked against the target type before publishing. */
    public record CheckedColumn(String column, TypeChange change) {}
}
