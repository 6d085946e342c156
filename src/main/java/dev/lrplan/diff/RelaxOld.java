package dev.lrplan.diff;

import dev.lrplan.catalog.QualifiedName;

/**
 * What the rollback-prepare step does on the old cluster for one {@code rollback.relaxed:
 * relax-old} decision: drop a column's NOT NULL (newType and index null), widen its type to the new
 * cluster's (newType), or drop a unique key (index).
 */
public record RelaxOld(
        QualifiedName table, String column, String index, String newType, String check) {}
