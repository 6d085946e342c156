package dev.lrplan.diff;

import dev.lrplan.capability.Capabilities;
import dev.lrplan.catalog.Catalog;
import dev.lrplan.catalog.Column;
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

    private Differ(Plan plan, Catalog source, Catalog target) {
        this.plan = plan;
        this.source = source;
        this.target = target;
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
            checkPglogical(sourceMajor, targetMajor);
        }
        boolean viaRoot = Capabilities.publishViaPartitionRoot(sourceMajor);
        List<Table> selected = source.tables().stream().filter(this::selected).toList();
        checkSelection(selected);
        Set<QualifiedName> selectedNames = new HashSet<>();
        selected.forEach(t -> selectedNames.add(t.name()));
        List<TableMove> moves = new ArrayList<>();
        for (Table t : selected) {
            table(t, selectedNames, viaRoot).ifPresent(moves::add);
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
            checkPglogicalSameMajorTypes(moves);
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
     * What the pglogical strategy needs of the versions and names; tables are checked once their
     * moves are known.
     */
    private void checkPglogical(int sourceMajor, int targetMajor) {
        dev.lrplan.capability.Pglogical.unsupported(sourceMajor, targetMajor)
                .ifPresent(
                        why ->
                                findings.add(
                                        new Finding(Code.LR120, Severity.ERROR, "clusters", why)));
        for (Catalog c : List.of(source, target)) {
            String db = c.serverInfo().map(dev.lrplan.catalog.ServerInfo::database).orElse(null);
            if (!dev.lrplan.capability.Pglogical.plainNamePart(db)) {
                findings.add(
                        new Finding(
                                Code.LR120,
                                Severity.ERROR,
                                "database",
                                "database name "
                                        + db
                                        + " is not a plain"
                                        + " name of at most 16 bytes: pglogical would shorten it with a hash in its slot names, which"
                                        + " lrplan must know when it compiles"));
            }
        }
    }

    /**
     * pglogical always asks for binary values, and its provider sends them between servers of the
     * same major version: a column whose type differs on the two sides then fails on the first
     * streamed change with "incorrect binary data format" (docs/facts.md). Across majors it sends
     * text, which converts.
     */
    private void checkPglogicalSameMajorTypes(List<TableMove> moves) {
        List<String> differing = new ArrayList<>();
        for (TableMove m : moves) {
            for (Column sc : m.source().columns()) {
                String targetName =
                        m.renames().stream()
                                .filter(r -> r.oldColumn().equals(sc.name()))
                                .map(TableMove.Rename::newColumn)
                                .findFirst()
                                .orElse(sc.name());
                m.target()
                        .column(targetName)
                        .filter(tc -> !tc.type().equals(sc.type()))
                        .ifPresent(
                                tc ->
                                        differing.add(
                                                m.name().display()
                                                        + "."
                                                        + sc.name()
                                                        + " ("
                                                        + sc.type()
                                                        + " → "
                                                        + tc.type()
                                                        + ")"));
            }
        }
        if (!differing.isEmpty()) {
            findings.add(
                    new Finding(
                            Code.LR120,
                            Severity.ERROR,
                            "types",
                            "pglogical sends values in binary between servers of the same major version, so"
                                    + " these columns, whose types differ, would stop replication on the first"
                                    + " change (incorrect binary data format): "
                                    + String.join(", ", differing)));
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
        for (Drift.AcceptedTypeChange a : plan.drift().acceptedTypeChanges()) {
            boolean found =
                    moves.stream()
                            .filter(m -> m.name().display().equals(a.table()))
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
        return plan.tables().schemas().contains(n.schema());
    }

    private boolean selected(Table t) {
        TableSelection sel = plan.tables();
        String name = t.name().display();
        if (!inSchemas(t.name()) || sel.exclude().contains(name)) {
            return false;
        }
        if (!sel.include().isEmpty() && !sel.include().contains(name)) {
            return false;
        }
        return sel.owner() == null || sel.owner().equals(t.owner());
    }

    private Optional<TableMove> table(Table t, Set<QualifiedName> selected, boolean viaRoot) {
        String name = t.name().display();
        if (t.extension() != null && !plan.tables().includeExtensionTables()) {
            findings.add(
                    new Finding(
                            Code.LR015,
                            Severity.INFO,
                            name,
                            "table "
                                    + name
                                    + " belongs to extension "
                                    + t.extension()
                                    + " and is left out"));
            return Optional.empty();
        }
        if (t.unlogged()) {
            findings.add(
                    new Finding(
                            Code.LR013,
                            Severity.WARNING,
                            name,
                            "unlogged table " + name + " cannot be replicated and is left out"));
            return Optional.empty();
        }
        if (t.partitionOf() != null && viaRoot && selected.contains(t.partitionOf())) {
            return Optional.empty(); // published through its root
        }
        if (t.kind() == Table.Kind.PARTITIONED && !viaRoot) {
            findings.add(
                    new Finding(
                            Code.LR018,
                            Severity.WARNING,
                            name,
                            "partitioned table "
                                    + name
                                    + " is published partition by partition (the source is older than 13)"));
            return Optional.empty();
        }
        Optional<Table> onTarget = target.table(t.name());
        if (onTarget.isEmpty()) {
            findings.add(
                    new Finding(
                            Code.LR107,
                            plan.tables().requireAll() ? Severity.ERROR : Severity.WARNING,
                            name,
                            "table "
                                    + name
                                    + " is missing on the target"
                                    + (plan.tables().requireAll() ? "" : " and is left out")));
            return Optional.empty();
        }
        if (t.kind() == Table.Kind.PARTITIONED) {
            findings.add(
                    new Finding(
                            Code.LR115,
                            Severity.INFO,
                            name,
                            "partitioned table "
                                    + name
                                    + " is published through its root (publish_via_partition_root)"));
        }
        TableMove.Publish publish = TableMove.Publish.ALL;
        TableMove.IdentityFix fix = TableMove.IdentityFix.NONE;
        if (t.kind() != Table.Kind.PARTITIONED && !t.hasUsableIdentity()) {
            String why =
                    t.replicaIdentity() == Table.ReplicaIdentity.NOTHING
                            ? "has REPLICA IDENTITY NOTHING"
                            : "has neither a primary key nor a replica identity";
            switch (plan.tables().withoutPrimaryKeyFor(name)) {
                case REPLICA_IDENTITY_FULL -> {
                    if (plan.replication().strategy()
                            == dev.lrplan.plan.Replication.Strategy.PGLOGICAL) {
                        findings.add(
                                new Finding(
                                        Code.LR120,
                                        Severity.ERROR,
                                        name,
                                        "table "
                                                + name
                                                + " "
                                                + why
                                                + ":"
                                                + " pglogical's default set replicates UPDATE and DELETE only with a primary key or a"
                                                + " replica identity index, not REPLICA IDENTITY FULL; use without_primary_key:"
                                                + " insert-only or replica-identity-index"));
                    }
                    fix = new TableMove.IdentityFix(TableMove.IdentityFix.Kind.FULL, null);
                    findings.add(
                            new Finding(
                                    Code.LR109,
                                    Severity.WARNING,
                                    name,
                                    "table "
                                            + name
                                            + " "
                                            + why
                                            + ": the plan sets REPLICA IDENTITY FULL on the source"));
                }
                case REPLICA_IDENTITY_INDEX -> {
                    if (t.uniqueIndexes().isEmpty()) {
                        findings.add(
                                new Finding(
                                        Code.LR010,
                                        Severity.ERROR,
                                        name,
                                        "table "
                                                + name
                                                + " "
                                                + why
                                                + " and no unique index on NOT NULL columns to use instead"));
                    } else {
                        dev.lrplan.catalog.Index sourceIndex = t.uniqueIndexes().get(0);
                        String ix = sourceIndex.name();
                        String targetIndex =
                                TargetIdentity.forIndex(
                                        name, sourceIndex, onTarget.get(), findings);
                        fix =
                                new TableMove.IdentityFix(
                                        TableMove.IdentityFix.Kind.USING_INDEX, ix, targetIndex);
                        findings.add(
                                new Finding(
                                        Code.LR109,
                                        Severity.WARNING,
                                        name,
                                        "table "
                                                + name
                                                + " "
                                                + why
                                                + ": the plan sets REPLICA IDENTITY USING INDEX "
                                                + ix
                                                + " on the source"));
                    }
                }
                case INSERT_ONLY -> {
                    publish = TableMove.Publish.INSERT_ONLY;
                    findings.add(
                            new Finding(
                                    Code.LR109,
                                    Severity.WARNING,
                                    name,
                                    "table "
                                            + name
                                            + " "
                                            + why
                                            + ": only its INSERTs are published; UPDATE and DELETE are not replicated"));
                }
                case EXCLUDE -> {
                    findings.add(
                            new Finding(
                                    Code.LR010,
                                    Severity.WARNING,
                                    name,
                                    "table "
                                            + name
                                            + " "
                                            + why
                                            + " and is left out, as the plan says"));
                    return Optional.empty();
                }
                case FAIL ->
                        findings.add(
                                new Finding(
                                        Code.LR010,
                                        Severity.ERROR,
                                        name,
                                        "table "
                                                + name
                                                + " "
                                                + why
                                                + "; set tables.without_primary_key or fix the table"));
            }
        }
        if (fix.kind() == TableMove.IdentityFix.Kind.NONE
                && t.replicaIdentity() == Table.ReplicaIdentity.INDEX) {
            // The source already identifies rows by an index: the target needs the same.
            Optional<dev.lrplan.catalog.Index> ri =
                    t.uniqueIndexes().stream()
                            .filter(dev.lrplan.catalog.Index::replicaIdentity)
                            .findFirst();
            if (ri.isPresent()) {
                String targetIndex =
                        TargetIdentity.forIndex(name, ri.get(), onTarget.get(), findings);
                fix = new TableMove.IdentityFix(TableMove.IdentityFix.Kind.NONE, null, targetIndex);
            }
        }
        return Optional.of(columns(t, onTarget.get(), publish, fix));
    }

    private TableMove columns(
            Table s, Table t, TableMove.Publish publish, TableMove.IdentityFix fix) {
        String table = s.name().display();
        Map<String, String> renames = plan.drift().renames().getOrDefault(table, Map.of());
        List<TableMove.Shim> shims = new ArrayList<>();
        List<TableMove.Rename> renamed = new ArrayList<>();
        List<TableMove.CheckedColumn> checks = new ArrayList<>();
        Set<String> filledOnTarget = new HashSet<>();
        boolean identical = true;
        for (Column sc : s.columns()) {
            if (sc.generated() != null) {
                continue; // generated columns are not published; the target computes its own
            }
            String where = table + "." + sc.name();
            Optional<Column> tc = t.column(sc.name());
            if (tc.isPresent()) {
                filledOnTarget.add(sc.name());
                if (tc.get().generated() != null) {
                    findings.add(
                            new Finding(
                                    Code.LR111,
                                    Severity.ERROR,
                                    where,
                                    "column "
                                            + where
                                            + " is generated on the target but replicated from the source"));
                    continue;
                }
                TypeChange change = TypeRules.classify(sc.type(), tc.get().type());
                identical &= change.kind() == TypeChange.Kind.IDENTICAL;
                typeFinding(table, sc.name(), change).ifPresent(checks::add);
            } else if (renames.containsKey(sc.name())) {
                String newName = renames.get(sc.name());
                Optional<Column> nc = t.column(newName);
                if (nc.isEmpty() || s.column(newName).isPresent()) {
                    continue; // reported by checkRenamesDeclared
                }
                identical = false;
                TypeChange back = TypeRules.classify(nc.get().type(), sc.type());
                boolean narrowsBack =
                        back.kind() == TypeChange.Kind.CHECK
                                || back.kind() == TypeChange.Kind.INCOMPATIBLE;
                renamed.add(
                        new TableMove.Rename(
                                sc.name(), sc.type(), newName, narrowsBack ? back : null));
                if (narrowsBack) {
                    findings.add(
                            new Finding(
                                    Code.LR121,
                                    Severity.WARNING,
                                    table + "." + newName,
                                    "column "
                                            + table
                                            + "."
                                            + newName
                                            + " ("
                                            + nc.get().type()
                                            + ") is renamed from "
                                            + sc.name()
                                            + " ("
                                            + sc.type()
                                            + "): values wider than the old type will not reach the old"
                                            + " cluster on rollback (the copy back skips them; "
                                            + back.reason()
                                            + ")"));
                }
                filledOnTarget.add(newName);
                findings.add(
                        new Finding(
                                Code.LR103,
                                Severity.INFO,
                                where,
                                "column "
                                        + where
                                        + " is renamed to "
                                        + newName
                                        + " on the target: a shim and an ENABLE ALWAYS trigger carry it over"));
                typeFinding(table, sc.name(), TypeRules.classify(sc.type(), nc.get().type()))
                        .ifPresent(checks::add);
            } else if (plan.drift().missingColumns() == Drift.MissingColumns.SHIM) {
                identical = false;
                shims.add(new TableMove.Shim(sc.name(), sc.type()));
                findings.add(
                        new Finding(
                                Code.LR101,
                                Severity.INFO,
                                where,
                                "column "
                                        + where
                                        + " exists only on the source: added to the target as a shim ("
                                        + sc.type()
                                        + ")"));
            } else {
                findings.add(
                        new Finding(
                                Code.LR110,
                                Severity.ERROR,
                                where,
                                "column "
                                        + where
                                        + " exists only on the source, and drift.missing_columns is fail"));
            }
        }
        List<TableMove.Fill> fills = Fills.of(plan.drift(), s, t, findings);
        filledOnTarget.addAll(Fills.declared(plan.drift(), s, t));
        for (Column tc : t.columns()) {
            if (filledOnTarget.contains(tc.name()) || s.column(tc.name()).isPresent()) {
                continue;
            }
            boolean filled =
                    !tc.notNull()
                            || tc.defaultExpr() != null
                            || tc.identity() != Column.Identity.NONE
                            || tc.generated() != null;
            if (!tc.notNull()
                    && tc.defaultExpr() == null
                    && tc.identity() == Column.Identity.NONE
                    && tc.generated() == null) {
                findings.add(
                        new Finding(
                                Code.LR126,
                                Severity.INFO,
                                table + "." + tc.name(),
                                "column "
                                        + table
                                        + "."
                                        + tc.name()
                                        + " exists only on the target, nullable and without a default: it stays NULL"
                                        + " for every replicated row"));
            }
            if (!filled) {
                String where = table + "." + tc.name();
                findings.add(
                        new Finding(
                                Code.LR102,
                                Severity.ERROR,
                                where,
                                "column "
                                        + where
                                        + " exists only on the "
                                        + "target and is NOT NULL without a default: every replicated INSERT would fail"));
            }
        }
        List<String> rollback = new ArrayList<>();
        for (Column sc : s.columns()) {
            if (sc.generated() == null) {
                rollback.add(sc.name());
            }
        }
        if (plan.rollback().enabled()
                && publish == TableMove.Publish.ALL
                && !t.hasUsableIdentity()
                && fix.targetIndex() == null
                && t.kind() != Table.Kind.PARTITIONED) {
            boolean covered =
                    t.columns().stream()
                            .allMatch(c -> rollback.contains(c.name()) || c.generated() != null);
            findings.add(
                    new Finding(
                            Code.LR109,
                            covered ? Severity.WARNING : Severity.ERROR,
                            table + " (target)",
                            "table "
                                    + table
                                    + " has no usable identity on the target either: the rollback step sets REPLICA "
                                    + "IDENTITY FULL there and publishes it without a column list"
                                    + (covered
                                            ? ""
                                            : ", but it has columns the old cluster lacks, and PostgreSQL allows no column list with "
                                                    + "REPLICA IDENTITY FULL: give the table a primary key on the target")));
        }
        return new TableMove(
                s.name(), s, t, publish, fix, shims, renamed, checks, rollback, identical, fills);
    }

    private Optional<TableMove.CheckedColumn> typeFinding(
            String table, String column, TypeChange change) {
        String where = table + "." + column;
        boolean accepted =
                plan.drift().acceptedTypeChanges().stream()
                        .anyMatch(a -> a.table().equals(table) && a.column().equals(column));
        String what =
                "column "
                        + where
                        + ": "
                        + change.from()
                        + " → "
                        + change.to()
                        + ": "
                        + change.reason();
        switch (change.kind()) {
            case IDENTICAL -> {
                return Optional.empty();
            }
            case SAFE -> findings.add(new Finding(Code.LR104, Severity.INFO, where, what));
            case CHECK -> {
                if (accepted) {
                    findings.add(
                            new Finding(
                                    Code.LR105,
                                    Severity.INFO,
                                    where,
                                    what + " (accepted in the plan; not checked)"));
                    return Optional.empty();
                }
                findings.add(
                        new Finding(
                                Code.LR105,
                                Severity.WARNING,
                                where,
                                what + "; checked on the source before publishing"));
                return Optional.of(new TableMove.CheckedColumn(column, change));
            }
            case SETTING ->
                    findings.add(
                            new Finding(
                                    Code.LR105,
                                    accepted ? Severity.INFO : Severity.WARNING,
                                    where,
                                    what));
            case INCOMPATIBLE ->
                    findings.add(
                            new Finding(
                                    Code.LR106,
                                    accepted ? Severity.WARNING : Severity.ERROR,
                                    where,
                                    what + (accepted ? " (accepted in the plan)" : "")));
        }
        return Optional.empty();
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
