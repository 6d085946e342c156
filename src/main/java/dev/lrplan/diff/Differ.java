package dev.lrplan.diff;

import dev.lrplan.capability.Capabilities;
import dev.lrplan.catalog.Catalog;
import dev.lrplan.catalog.MaterializedView;
import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.catalog.Table;
import dev.lrplan.finding.Code;
import dev.lrplan.finding.Finding;
import dev.lrplan.finding.Severity;
import dev.lrplan.plan.Drift;
import dev.lrplan.plan.Plan;
import dev.lrplan.plan.TableSelection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares the source and target catalogs under a plan. Pure: catalogs and plan in, {@link Diff}
 * out.
 */
public final class Differ {
    private final Plan plan;
    private final Catalog source;
    private final Catalog target;
    private final List<Finding> findings = new ArrayList<>();

    /** The plan's table selection as sets: one lookup per table. */
    private final TableSelection.ByName selection;

    private Differ(Plan plan, Catalog source, Catalog target) {
        this.plan = plan;
        this.source = source;
        this.target = target;
        this.selection = plan.tables().byName();
    }

    public static Diff diff(Plan plan, Catalog source, Catalog target) {
        return new Differ(plan, source, target).run();
    }

    private Diff run() {
        int sourceMajor =
                source.serverInfo()
                        .map(s -> s.major())
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "the source catalog must come from a server or a snapshot"));
        Integer targetMajor =
                target.serverInfo().map(s -> s.major()).orElse(plan.target().version());
        if (targetMajor == null) {
            findings.add(
                    new Finding(
                            Code.LR116,
                            Severity.ERROR,
                            "target",
                            "the target is a schema file without a version;"
                                    + " assuming 16 so the rest can be checked"));
            targetMajor = 16;
        }
        if (plan.replication().strategy() != dev.lrplan.plan.Replication.Strategy.PGLOGICAL
                && dev.lrplan.catalog.ServerInfo.comparable(sourceMajor) < 10) {
            findings.add(
                    new Finding(
                            Code.LR006,
                            Severity.ERROR,
                            "source",
                            "the source is PostgreSQL "
                                    + dev.lrplan.catalog.ServerInfo.majorLabel(sourceMajor)
                                    + ", which has no publications: the "
                                    + plan.replication().strategy().label()
                                    + " strategy needs 10 or later; use strategy: pglogical"));
        }
        if (plan.replication().strategy() == dev.lrplan.plan.Replication.Strategy.PGLOGICAL) {
            PglogicalChecks.versionsAndNames(sourceMajor, targetMajor, source, target, findings);
        }
        boolean viaRoot = Capabilities.publishViaPartitionRoot(sourceMajor);
        List<Table> selected = source.tables().stream().filter(this::selected).toList();
        checkSelection(selected);
        Set<QualifiedName> selectedNames = new HashSet<>();
        selected.forEach(t -> selectedNames.add(t.name()));
        List<TableMove> moves = new ArrayList<>();
        TableComparison comparison = new TableComparison(plan, target, findings);
        for (Table t : selected) {
            comparison.table(t, selectedNames, viaRoot).ifPresent(moves::add);
        }
        TargetRowsPolicy.Result targetRows = TargetRowsPolicy.apply(plan, moves, findings);
        moves = new ArrayList<>(targetRows.moves());
        for (Table t : target.tables()) {
            if (inSchemas(t.name()) && source.table(t.name()).isEmpty() && t.extension() == null) {
                findings.add(
                        new Finding(
                                Code.LR108,
                                Severity.INFO,
                                t.name().display(),
                                "table " + t.name().display() + " exists only on the target"));
            }
        }
        if (plan.replication().forAllTables()) {
            checkForAllTables(moves, viaRoot);
        }
        checkRenamesDeclared(selectedNames);
        Fills.checkDeclared(
                plan.drift(),
                moves.stream().map(TableMove::name).collect(java.util.stream.Collectors.toSet()),
                findings);
        List<SequenceMove> sequences =
                SequenceFit.moves(
                        source,
                        target,
                        plan.switchover().sequenceMargin(),
                        s ->
                                s.ownedBy() != null
                                        ? selectedNames.contains(s.ownedBy())
                                        : inSchemas(s.name()),
                        findings);
        List<QualifiedName> matviews = new ArrayList<>();
        for (MaterializedView mv : target.materializedViews()) {
            if (inSchemas(mv.name())) {
                matviews.add(mv.name());
            }
        }
        if (source.largeObjects() > 0) {
            findings.add(
                    new Finding(
                            Code.LR014,
                            Severity.WARNING,
                            "large objects",
                            source.largeObjects()
                                    + " large object(s) on the source will not be replicated"));
        }
        checkAcceptedChanges(moves);
        if (plan.replication().strategy() == dev.lrplan.plan.Replication.Strategy.PGLOGICAL
                && sourceMajor == targetMajor) {
            PglogicalChecks.sameMajorTypes(moves, findings);
        }
        boolean binary = binary(sourceMajor, targetMajor, moves);
        List<RelaxOld> relaxOld =
                RelaxedConstraints.find(
                        plan,
                        moves.stream()
                                .filter(m -> !targetRows.rollbackExcluded().contains(m.name()))
                                .toList(),
                        findings);
        PauseCost.find(plan, moves, findings);
        LockTable.find(plan, source, target, moves.size(), findings);
        findings.sort(
                Comparator.comparing(Finding::severity)
                        .thenComparing(Finding::code)
                        .thenComparing(Finding::subject));
        return new Diff(
                sourceMajor,
                targetMajor,
                moves,
                sequences,
                matviews,
                viaRoot,
                binary,
                findings,
                targetRows.truncate(),
                targetRows.merges(),
                targetRows.rollbackExcluded(),
                relaxOld);
    }

    /**
     * FOR ALL TABLES publishes every logged table of the database, whatever the plan selects: a
     * table the plan leaves out would still be copied (or, with no row identity, would make UPDATE
     * and DELETE fail on the source).
     */
    private void checkForAllTables(List<TableMove> moves, boolean viaRoot) {
        Set<QualifiedName> published = new HashSet<>();
        moves.stream()
                .filter(m -> m.publish() == TableMove.Publish.ALL)
                .forEach(m -> published.add(m.name()));
        List<String> extra = new ArrayList<>();
        for (Table t : source.tables()) {
            boolean viaItsRoot = t.partitionOf() != null && viaRoot;
            boolean underPartitionedRoot = t.kind() == Table.Kind.PARTITIONED && !viaRoot;
            if (!t.unlogged()
                    && !viaItsRoot
                    && !underPartitionedRoot
                    && !published.contains(t.name())) {
                extra.add(t.name().display());
            }
        }
        if (!extra.isEmpty()) {
            findings.add(
                    new Finding(
                            Code.LR117,
                            Severity.ERROR,
                            "replication.for_all_tables",
                            "FOR ALL TABLES would also"
                                    + " publish "
                                    + extra.size()
                                    + " table(s) the plan leaves out or publishes insert-only: "
                                    + String.join(", ", extra.stream().sorted().toList())));
        }
    }

    /**
     * Every entry of the table selection must match something: a typo must not silently change what
     * replicates.
     */
    private void checkSelection(List<Table> selected) {
        TableSelection sel = plan.tables();
        Set<String> names = new HashSet<>();
        Set<String> schemas = new HashSet<>();
        Set<String> owners = new HashSet<>();
        for (Table t : source.tables()) {
            names.add(t.name().display());
            schemas.add(t.name().schema());
            if (inSchemas(t.name())) {
                owners.add(t.owner());
            }
        }
        sel.schemas().stream()
                .filter(s -> !schemas.contains(s))
                .forEach(
                        s ->
                                findings.add(
                                        new Finding(
                                                Code.LR118,
                                                Severity.ERROR,
                                                "tables.schemas",
                                                "schema " + s + " has no table on the source")));
        if (sel.owner() != null && !owners.contains(sel.owner())) {
            findings.add(
                    new Finding(
                            Code.LR118,
                            Severity.ERROR,
                            "tables.owner",
                            "no table in the selected schemas is" + " owned by " + sel.owner()));
        }
        for (String what : List.of("include", "exclude")) {
            List<String> list = what.equals("include") ? sel.include() : sel.exclude();
            list.stream()
                    .filter(n -> !names.contains(n))
                    .forEach(
                            n ->
                                    findings.add(
                                            new Finding(
                                                    Code.LR118,
                                                    Severity.ERROR,
                                                    "tables." + what,
                                                    "tables."
                                                            + what
                                                            + " names "
                                                            + n
                                                            + ", which is not a table on the"
                                                            + " source")));
        }
        if (selected.isEmpty()) {
            findings.add(
                    new Finding(
                            Code.LR118,
                            Severity.ERROR,
                            "tables",
                            "the selection matches no table on the source:"
                                    + " nothing would replicate"));
        }
    }

    /** An accepted type change must name a column whose type the diff found to change. */
    private void checkAcceptedChanges(List<TableMove> moves) {
        Map<String, List<TableMove>> byName = new HashMap<>();
        for (TableMove m : moves) {
            byName.computeIfAbsent(m.name().display(), k -> new ArrayList<>()).add(m);
        }
        for (Drift.AcceptedTypeChange a : plan.drift().acceptedTypeChanges()) {
            boolean found =
                    byName.getOrDefault(a.table(), List.of()).stream()
                            .anyMatch(
                                    m -> {
                                        var sc = m.source().column(a.column());
                                        var tc = m.target().column(a.column());
                                        return sc.isPresent()
                                                && tc.isPresent()
                                                && !sc.get().type().equals(tc.get().type());
                                    });
            if (!found) {
                findings.add(
                        new Finding(
                                Code.LR119,
                                Severity.ERROR,
                                a.table() + "." + a.column(),
                                "drift.accept_type_changes names "
                                        + a.table()
                                        + "."
                                        + a.column()
                                        + ", whose type does not change"
                                        + " between the clusters (or which is not replicated)"));
            }
        }
    }

    private boolean inSchemas(QualifiedName n) {
        return selection.schemas().contains(n.schema());
    }

    private boolean selected(Table t) {
        String owner = plan.tables().owner();
        return selection.takes(t.name().schema(), t.name().display())
                && (owner == null || owner.equals(t.owner()));
    }

    private void checkRenamesDeclared(Set<QualifiedName> selected) {
        plan.drift()
                .renames()
                .forEach(
                        (table, pairs) -> {
                            String[] parts = table.split("\\.", 2);
                            QualifiedName qn = new QualifiedName(parts[0], parts[1]);
                            Optional<Table> s = source.table(qn);
                            Optional<Table> t = target.table(qn);
                            pairs.forEach(
                                    (oldName, newName) -> {
                                        boolean ok =
                                                s.isPresent()
                                                        && t.isPresent()
                                                        && s.get().column(oldName).isPresent()
                                                        && t.get().column(oldName).isEmpty()
                                                        && t.get().column(newName).isPresent()
                                                        && s.get().column(newName).isEmpty();
                                        if (!ok) {
                                            findings.add(
                                                    new Finding(
                                                            Code.LR114,
                                                            Severity.ERROR,
                                                            table + "." + oldName,
                                                            "drift.renames: "
                                                                    + table
                                                                    + "."
                                                                    + oldName
                                                                    + " → "
                                                                    + newName
                                                                    + " does not match the catalogs (the old column must"
                                                                    + " exist only on the source, the new one only on the target)"));
                                        }
                                    });
                        });
    }

    private boolean binary(int sourceMajor, int targetMajor, List<TableMove> moves) {
        String wanted = plan.replication().options().getOrDefault("binary", "auto");
        if (wanted.equals("false")) {
            return false;
        }
        Optional<String> unsupported =
                Capabilities.unsupported(
                        Capabilities.SubscriptionOption.BINARY, wanted, sourceMajor, targetMajor);
        boolean identical = moves.stream().allMatch(TableMove::identicalTypes);
        if (unsupported.isPresent() || !identical) {
            String reason =
                    unsupported.orElse(
                            "some replicated columns differ in type between the clusters (binary "
                                    + "transfer needs identical types)");
            if (wanted.equals("true")) {
                findings.add(
                        new Finding(
                                Code.LR113,
                                Severity.WARNING,
                                "binary",
                                "binary = true is dropped: " + reason));
            }
            return false;
        }
        return true;
    }
}
