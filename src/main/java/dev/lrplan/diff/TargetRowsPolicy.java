package dev.lrplan.diff;

import dev.lrplan.catalog.Column;
import dev.lrplan.catalog.Index;
import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.catalog.Table;
import dev.lrplan.finding.Code;
import dev.lrplan.finding.Finding;
import dev.lrplan.finding.Severity;
import dev.lrplan.plan.Plan;
import dev.lrplan.plan.TableSelection.TargetRows;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The plan's {@code tables.target_rows} and {@code rollback.exclude}: which tables the target's own
 * rows win, and which the rollback path leaves out. Every entry must name a table the plan
 * replicates; each decision is a finding, so REVIEW.md shows it.
 */
final class TargetRowsPolicy {
    private TargetRowsPolicy() {}

    record Result(
            List<TableMove> moves,
            List<QualifiedName> truncate,
            List<TargetMerge> merges,
            Set<QualifiedName> rollbackExcluded) {}

    static Result apply(Plan plan, List<TableMove> moves, List<Finding> findings) {
        List<TableMove> kept = new ArrayList<>();
        List<QualifiedName> truncate = new ArrayList<>();
        List<TargetMerge> merges = new ArrayList<>();
        Map<String, TargetRows> decisions = plan.tables().targetRows();
        for (TableMove m : moves) {
            TargetRows d = decisions.get(m.name().display());
            if (d == null) {
                kept.add(m);
                continue;
            }
            String name = m.name().display();
            switch (d) {
                case TRUNCATE -> {
                    kept.add(m);
                    truncate.add(m.name());
                    findings.add(
                            info(
                                    name,
                                    "table "
                                            + name
                                            + ": the target's rows are deleted before the copy (target_rows:"
                                            + " truncate); the source's rows win"));
                }
                case EXCLUDE ->
                        findings.add(
                                info(
                                        name,
                                        "table "
                                                + name
                                                + " is not replicated in either direction (target_rows:"
                                                + " exclude): the target keeps its own rows"));
                case KEEP_TARGET -> merge(m, findings).ifPresent(merges::add);
            }
        }
        Set<String> moved = new LinkedHashSet<>();
        moves.forEach(m -> moved.add(m.name().display()));
        decisions.keySet().stream()
                .filter(t -> !moved.contains(t))
                .forEach(
                        t ->
                                findings.add(
                                        new Finding(
                                                Code.LR124,
                                                Severity.ERROR,
                                                t,
                                                "tables.target_rows names table "
                                                        + t
                                                        + ", which this plan does not replicate")));
        Set<QualifiedName> rollbackExcluded = new LinkedHashSet<>();
        java.util.Map<String, TableMove> keptByName = new java.util.HashMap<>();
        for (TableMove k : kept) {
            keptByName.putIfAbsent(k.name().display(), k);
        }
        for (String t : plan.rollback().exclude()) {
            Optional<TableMove> m = Optional.ofNullable(keptByName.get(t));
            if (m.isEmpty()) {
                findings.add(
                        new Finding(
                                Code.LR124,
                                Severity.ERROR,
                                t,
                                "rollback.exclude names table "
                                        + t
                                        + ", which this plan does not replicate forwards"));
            } else {
                rollbackExcluded.add(m.get().name());
                findings.add(
                        new Finding(
                                Code.LR124,
                                Severity.WARNING,
                                t,
                                "table "
                                        + t
                                        + " is left out of the rollback path (rollback.exclude): writes on the new"
                                        + " cluster do not reach the old one"));
            }
        }
        return new Result(kept, truncate, merges, rollbackExcluded);
    }

    /**
     * keep-target: the target's rows win; the source's rows whose key the target lacks join them.
     */
    private static Optional<TargetMerge> merge(TableMove m, List<Finding> findings) {
        String name = m.name().display();
        Table t = m.target();
        List<String> key =
                t.primaryKey() != null
                        ? t.primaryKey().columns()
                        : t.uniqueIndexes().stream()
                                .findFirst()
                                .map(Index::columns)
                                .orElse(List.of());
        if (key.isEmpty()) {
            findings.add(
                    new Finding(
                            Code.LR124,
                            Severity.ERROR,
                            name,
                            "table "
                                    + name
                                    + " is keep-target but has no primary key or unique index on the target:"
                                    + " the source's rows cannot be merged without duplicates"));
            return Optional.empty();
        }
        List<String> sourceCols = new ArrayList<>();
        List<String> targetCols = new ArrayList<>();
        for (Column sc : m.source().columns()) {
            if (sc.generated() != null) {
                continue;
            }
            String tn =
                    m.renames().stream()
                            .filter(r -> r.oldColumn().equals(sc.name()))
                            .map(TableMove.Rename::newColumn)
                            .findFirst()
                            .orElse(sc.name());
            if (t.column(tn).filter(c -> c.generated() == null).isPresent()) {
                sourceCols.add(sc.name());
                targetCols.add(tn);
            }
        }
        findings.add(
                info(
                        name,
                        "table "
                                + name
                                + ": the target's rows win (target_rows: keep-target); it is not replicated, and"
                                + " at the switchover the source's rows whose key ("
                                + String.join(", ", key)
                                + ") the target lacks are inserted; the rollback path leaves it out"));
        return Optional.of(new TargetMerge(m.name(), sourceCols, targetCols, key));
    }

    private static Finding info(String subject, String message) {
        return new Finding(Code.LR124, Severity.INFO, subject, message);
    }
}
