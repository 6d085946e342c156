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
 */
public record Diff(
        int sourceMajor,
        int targetMajor,
        List<TableMove> tables,
        List<SequenceMove> sequences,
        List<QualifiedName> materializedViews,
        boolean viaPartitionRoot,
        boolean binary,
        List<Finding> findings) {
    public Diff {
        tables = List.copyOf(tables);
        sequences = List.copyOf(sequences);
        materializedViews = List.copyOf(materializedViews);
        findings = List.copyOf(findings);
    }

    public boolean unsafe() {
        return findings.stream().anyMatch(Finding::blocks);
    }
}
