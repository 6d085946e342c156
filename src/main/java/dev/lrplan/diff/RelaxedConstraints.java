package dev.lrplan.diff;

import dev.lrplan.catalog.Column;
import dev.lrplan.catalog.Index;
import dev.lrplan.catalog.Table;
import dev.lrplan.finding.Code;
import dev.lrplan.finding.Finding;
import dev.lrplan.finding.Severity;
import dev.lrplan.plan.Plan;
import dev.lrplan.plan.Relaxation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Constraints the new schema relaxes, which the rollback path would trip on: a NOT NULL dropped, a
 * wider type or longer varchar, a unique key dropped. The new application may write a value the old
 * cluster refuses, and the rollback subscription then stops on it. Each is a finding (LR125): an
 * error for NOT NULL and unique keys unless the plan decides (rollback.relaxed), a warning for
 * types (the rollback step checks the rows that exist when it starts); relax-old becomes a step on
 * the old cluster. A CHECK constraint counts as kept when the new cluster has one of the same name
 * or the same definition; a unique key counts as kept when the new cluster has one on the same
 * columns (or fewer). Unique indexes over expressions or with a predicate are not compared.
 */
final class RelaxedConstraints {
    private RelaxedConstraints() {}

    static List<RelaxOld> find(Plan plan, List<TableMove> rollbackTables, List<Finding> findings) {
        List<RelaxOld> out = new ArrayList<>();
        if (!plan.rollback().enabled()) {
            return out;
        }
        Set<Relaxation> used = new HashSet<>();
        Decisions decisions = new Decisions(plan.rollback().relaxed());
        for (TableMove m : rollbackTables) {
            String table = m.name().display();
            for (Column sc : m.source().columns()) {
                if (sc.generated() != null) {
                    continue;
                }
                Optional<TableMove.Rename> rename =
                        m.renames().stream()
                                .filter(r -> r.oldColumn().equals(sc.name()))
                                .findFirst();
                Optional<Column> tc =
                        m.target()
                                .column(rename.map(TableMove.Rename::newColumn).orElse(sc.name()));
                if (tc.isEmpty()) {
                    continue;
                }
                if (sc.notNull() && !tc.get().notNull()) {
                    decide(
                            decisions,
                            used,
                            findings,
                            out,
                            m,
                            sc.name(),
                            null,
                            null,
                            Severity.ERROR,
                            "column "
                                    + table
                                    + "."
                                    + sc.name()
                                    + " is NOT NULL on the old cluster but nullable on the"
                                    + " new one: a NULL written there would stop the rollback subscription");
                }
                if (rename.isEmpty()) {
                    TypeChange back = TypeRules.classify(tc.get().type(), sc.type());
                    if (back.kind() == TypeChange.Kind.CHECK
                            || back.kind() == TypeChange.Kind.INCOMPATIBLE) {
                        decide(
                                decisions,
                                used,
                                findings,
                                out,
                                m,
                                sc.name(),
                                null,
                                tc.get().type(),
                                Severity.WARNING,
                                "column "
                                        + table
                                        + "."
                                        + sc.name()
                                        + " is "
                                        + tc.get().type()
                                        + " on the new cluster"
                                        + " but "
                                        + sc.type()
                                        + " on the old: a value written there that "
                                        + sc.type()
                                        + " cannot hold would stop the rollback subscription ("
                                        + back.reason()
                                        + ")");
                    }
                }
            }
            for (Index u : uniques(m.source())) {
                List<String> onTarget = new ArrayList<>();
                for (String col : u.columns()) {
                    onTarget.add(
                            m.renames().stream()
                                    .filter(r -> r.oldColumn().equals(col))
                                    .map(TableMove.Rename::newColumn)
                                    .findFirst()
                                    .orElse(col));
                }
                boolean kept =
                        uniques(m.target()).stream()
                                .anyMatch(t -> new HashSet<>(onTarget).containsAll(t.columns()));
                if (!kept) {
                    decide(
                            decisions,
                            used,
                            findings,
                            out,
                            m,
                            null,
                            u.name(),
                            null,
                            Severity.ERROR,
                            "unique key "
                                    + u.name()
                                    + " ("
                                    + String.join(", ", u.columns())
                                    + ") of "
                                    + table
                                    + " has no counterpart on the new cluster: a duplicate written there would stop"
                                    + " the rollback subscription");
                }
            }
        }
        for (TableMove m : rollbackTables) {
            for (dev.lrplan.catalog.Check ck : m.source().checks()) {
                boolean kept =
                        m.target().checks().stream()
                                .anyMatch(
                                        t ->
                                                t.name().equals(ck.name())
                                                        || t.definition().equals(ck.definition()));
                if (!kept) {
                    decideCheck(decisions, used, findings, out, m, ck);
                }
            }
        }
        for (Relaxation r : plan.rollback().relaxed()) {
            if (!used.contains(r)) {
                findings.add(
                        new Finding(
                                Code.LR125,
                                Severity.ERROR,
                                r.subject(),
                                "rollback.relaxed names "
                                        + r.subject()
                                        + ", whose constraint the new schema does not relax (or which the rollback"
                                        + " path does not carry)"));
            }
        }
        return out;
    }

    private static void decideCheck(
            Decisions decisions,
            Set<Relaxation> used,
            List<Finding> findings,
            List<RelaxOld> out,
            TableMove m,
            dev.lrplan.catalog.Check ck) {
        String table = m.name().display();
        String subject = table + " (check " + ck.name() + ")";
        String message =
                "CHECK constraint "
                        + ck.name()
                        + " of "
                        + table
                        + " ("
                        + ck.definition()
                        + ") is not on the new cluster: a row written there that breaks it would stop"
                        + " the rollback subscription";
        Optional<Relaxation> d = decisions.find(table, Kind.CHECK, ck.name());
        d.ifPresent(used::add);
        if (d.isEmpty()) {
            findings.add(
                    new Finding(
                            Code.LR125,
                            Severity.ERROR,
                            subject,
                            message
                                    + "; decide in rollback.relaxed: relax-old, or accept with a reason"));
        } else if (d.get().action() == Relaxation.Action.ACCEPT) {
            findings.add(
                    new Finding(
                            Code.LR125,
                            Severity.WARNING,
                            subject,
                            message + "; accepted: " + d.get().reason()));
        } else {
            findings.add(
                    new Finding(
                            Code.LR125,
                            Severity.INFO,
                            subject,
                            message
                                    + "; dropped on the old cluster too, by the rollback-prepare step"));
            out.add(new RelaxOld(m.name(), null, null, null, ck.name()));
        }
    }

    private static List<Index> uniques(Table t) {
        List<Index> out = new ArrayList<>();
        if (t.primaryKey() != null) {
            out.add(t.primaryKey());
        }
        out.addAll(t.uniqueIndexes());
        out.addAll(t.otherUniqueKeys());
        return out;
    }

    private static void decide(
            Decisions decisions,
            Set<Relaxation> used,
            List<Finding> findings,
            List<RelaxOld> out,
            TableMove m,
            String column,
            String index,
            String newType,
            Severity undecided,
            String message) {
        String table = m.name().display();
        String subject = column != null ? table + "." + column : table + " (index " + index + ")";
        Optional<Relaxation> d =
                column != null
                        ? decisions.find(table, Kind.COLUMN, column)
                        : decisions.find(table, Kind.INDEX, index);
        d.ifPresent(used::add);
        if (d.isEmpty()) {
            findings.add(
                    new Finding(
                            Code.LR125,
                            undecided,
                            subject,
                            message
                                    + "; decide in rollback.relaxed: relax-old, or accept with a reason"));
            return;
        }
        Relaxation r = d.get();
        if (r.action() == Relaxation.Action.ACCEPT) {
            findings.add(
                    new Finding(
                            Code.LR125,
                            Severity.WARNING,
                            subject,
                            message + "; accepted: " + r.reason()));
            return;
        }
        if (index != null
                && m.source().primaryKey() != null
                && m.source().primaryKey().name().equals(index)) {
            findings.add(
                    new Finding(
                            Code.LR125,
                            Severity.ERROR,
                            subject,
                            message
                                    + "; relax-old cannot drop a primary key, which the rollback path needs to identify rows: accept"
                                    + " it with a reason, or keep the key on the new cluster"));
            return;
        }
        findings.add(
                new Finding(
                        Code.LR125,
                        Severity.INFO,
                        subject,
                        message
                                + "; relaxed on the old cluster too, by the rollback-prepare step"));
        out.add(new RelaxOld(m.name(), column, index, newType, null));
    }

    private enum Kind {
        COLUMN,
        INDEX,
        CHECK
    }

    /**
     * The plan's decisions by what they name, looked up once per relaxed constraint: a plan may
     * hold one for each of 10,000 tables, and a scan of the list per column made the diff
     * quadratic. The first of two decisions about one constraint is the one taken, as before; the
     * other is left unused, and reported.
     */
    private static final class Decisions {
        private record Key(String table, Kind kind, String name) {}

        private final java.util.Map<Key, Relaxation> byName = new java.util.HashMap<>();

        Decisions(List<Relaxation> relaxed) {
            for (Relaxation r : relaxed) {
                Key k =
                        r.column() != null
                                ? new Key(r.table(), Kind.COLUMN, r.column())
                                : r.index() != null
                                        ? new Key(r.table(), Kind.INDEX, r.index())
                                        : new Key(r.table(), Kind.CHECK, r.check());
                byName.putIfAbsent(k, r);
            }
        }

        Optional<Relaxation> find(String table, Kind kind, String name) {
            return Optional.ofNullable(byName.get(new Key(table, kind, name)));
        }
    }
}
