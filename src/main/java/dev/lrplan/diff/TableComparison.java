package dev.lrplan.diff;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.catalog.Column;
import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.catalog.Table;
import dev.lrplan.finding.Code;
import dev.lrplan.finding.Finding;
import dev.lrplan.finding.Severity;
import dev.lrplan.plan.Drift;
import dev.lrplan.plan.Plan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares one selected table of the source with the target's under the plan: whether it moves, how
 * (its columns, identity, drift shims, type changes) and the findings about it. Part of {@link
 * Differ}; writes only to the findings it is given.
 */
final class TableComparison {
    private final Plan plan;
    private final Catalog target;
    private final List<Finding> findings;

    TableComparison(Plan plan, Catalog target, List<Finding> findings) {
        this.plan = plan;
        this.target = target;
        this.findings = findings;
    }

    /** A finding whose message starts by naming its subject: "table NAME …", "column NAME …". */
    private void about(Code code, Severity severity, String kind, String subject, String rest) {
        findings.add(new Finding(code, severity, subject, kind + " " + subject + rest));
    }

    /** A finding on a table that has no usable identity: "table NAME WHY: what the plan does". */
    private void unidentified(Code code, Severity severity, String name, String why, String rest) {
        about(code, severity, "table", name, " " + why + rest);
    }

    Optional<TableMove> table(Table t, Set<QualifiedName> selected, boolean viaRoot) {
        String name = t.name().display();
        if (t.extension() != null && !plan.tables().includeExtensionTables()) {
            about(
                    Code.LR015,
                    Severity.INFO,
                    "table",
                    name,
                    " belongs to extension " + t.extension() + " and is left out");
            return Optional.empty();
        }
        if (t.unlogged()) {
            about(
                    Code.LR013,
                    Severity.WARNING,
                    "unlogged table",
                    name,
                    " cannot be replicated and is left out");
            return Optional.empty();
        }
        if (t.partitionOf() != null && viaRoot && selected.contains(t.partitionOf())) {
            return Optional.empty(); // published through its root
        }
        if (t.kind() == Table.Kind.PARTITIONED && !viaRoot) {
            about(
                    Code.LR018,
                    Severity.WARNING,
                    "partitioned table",
                    name,
                    " is published partition by partition (the source is older than 13)");
            return Optional.empty();
        }
        Optional<Table> onTarget = target.table(t.name());
        if (onTarget.isEmpty()) {
            about(
                    Code.LR107,
                    plan.tables().requireAll() ? Severity.ERROR : Severity.WARNING,
                    "table",
                    name,
                    " is missing on the target"
                            + (plan.tables().requireAll() ? "" : " and is left out"));
            return Optional.empty();
        }
        if (t.kind() == Table.Kind.PARTITIONED) {
            about(
                    Code.LR115,
                    Severity.INFO,
                    "partitioned table",
                    name,
                    " is published through its root (publish_via_partition_root)");
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
                        unidentified(
                                Code.LR120,
                                Severity.ERROR,
                                name,
                                why,
                                ":"
                                        + " pglogical's default set replicates UPDATE and DELETE only with a primary key or a"
                                        + " replica identity index, not REPLICA IDENTITY FULL; use without_primary_key:"
                                        + " insert-only or replica-identity-index");
                    }
                    fix = new TableMove.IdentityFix(TableMove.IdentityFix.Kind.FULL, null);
                    unidentified(
                            Code.LR109,
                            Severity.WARNING,
                            name,
                            why,
                            ": the plan sets REPLICA IDENTITY FULL on the source");
                }
                case REPLICA_IDENTITY_INDEX -> {
                    if (t.uniqueIndexes().isEmpty()) {
                        unidentified(
                                Code.LR010,
                                Severity.ERROR,
                                name,
                                why,
                                " and no unique index on NOT NULL columns to use instead");
                    } else {
                        dev.lrplan.catalog.Index sourceIndex = t.uniqueIndexes().get(0);
                        String ix = sourceIndex.name();
                        String targetIndex =
                                TargetIdentity.forIndex(
                                        name, sourceIndex, onTarget.get(), findings);
                        fix =
                                new TableMove.IdentityFix(
                                        TableMove.IdentityFix.Kind.USING_INDEX, ix, targetIndex);
                        unidentified(
                                Code.LR109,
                                Severity.WARNING,
                                name,
                                why,
                                ": the plan sets REPLICA IDENTITY USING INDEX "
                                        + ix
                                        + " on the source");
                    }
                }
                case INSERT_ONLY -> {
                    publish = TableMove.Publish.INSERT_ONLY;
                    unidentified(
                            Code.LR109,
                            Severity.WARNING,
                            name,
                            why,
                            ": only its INSERTs are published; UPDATE and DELETE are not replicated");
                }
                case EXCLUDE -> {
                    unidentified(
                            Code.LR010,
                            Severity.WARNING,
                            name,
                            why,
                            " and is left out, as the plan says");
                    return Optional.empty();
                }
                case FAIL ->
                        unidentified(
                                Code.LR010,
                                Severity.ERROR,
                                name,
                                why,
                                "; set tables.without_primary_key or fix the table");
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
                    about(
                            Code.LR111,
                            Severity.ERROR,
                            "column",
                            where,
                            " is generated on the target but replicated from the source");
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
                about(
                        Code.LR103,
                        Severity.INFO,
                        "column",
                        where,
                        " is renamed to "
                                + newName
                                + " on the target: a shim and an ENABLE ALWAYS trigger carry it over");
                typeFinding(table, sc.name(), TypeRules.classify(sc.type(), nc.get().type()))
                        .ifPresent(checks::add);
            } else if (plan.drift().missingColumns() == Drift.MissingColumns.SHIM) {
                identical = false;
                shims.add(new TableMove.Shim(sc.name(), sc.type()));
                about(
                        Code.LR101,
                        Severity.INFO,
                        "column",
                        where,
                        " exists only on the source: added to the target as a shim ("
                                + sc.type()
                                + ")");
            } else {
                about(
                        Code.LR110,
                        Severity.ERROR,
                        "column",
                        where,
                        " exists only on the source, and drift.missing_columns is fail");
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
                about(
                        Code.LR102,
                        Severity.ERROR,
                        "column",
                        where,
                        " exists only on the "
                                + "target and is NOT NULL without a default: every replicated INSERT would fail");
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
}
