package dev.lrplan.diff;

import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.finding.Finding;
import java.util.List;

/**
 * What separates the source from the target for one plan: the tables and sequences that move, the
 * materialized views to refresh, and every finding. Pure data; {@link Differ} computes it.
 *
 * @param binary whether {@code binary = true} may be used: both ends 14+ and identical types
 *     everywhere
 * @param truncate tables whose target rows are deleted before the copy (tables.target_rows)
 * @param merges keep-target tables, merged at the switchover
 * @param rollbackExcluded tables the rollback path leaves out (rollback.exclude)
 * @param relaxOld what the rollback-prepare step relaxes on the old cluster (rollback.relaxed)
 */
public record Diff(
        int sourceMajor,
        int targetMajor,
        List<TableMove> tables,
        List<SequenceMove> sequences,
        List<QualifiedName> materializedViews,
        boolean viaPartitionRoot,
        boolean binary,
        List<Finding> findings,
        List<QualifiedName> truncate,
        List<TargetMerge> merges,
        java.util.Set<QualifiedName> rollbackExcluded,
        List<RelaxOld> relaxOld) {
    public Diff {
        relaxOld = List.copyOf(relaxOld);
        truncate = List.copyOf(truncate);
        merges = List.copyOf(merges);
        rollbackExcluded = java.util.Set.copyOf(rollbackExcluded);
        tables = List.copyOf(tables);
        sequences = List.copyOf(sequences);
        materializedViews = List.copyOf(materializedViews);
        findings = List.copyOf(findings);
    }

    /** The tables the rollback path carries back: every moved table but those the plan excludes. */
    public List<TableMove> rollbackTables() {
        return tables.stream().filter(t -> !rollbackExcluded.contains(t.name())).toList();
    }

    public boolean unsafe() {
        return findings.stream().anyMatch(Finding::blocks);
    }
}
