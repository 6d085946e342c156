package dev.lrplan.diff;

import dev.lrplan.catalog.Column;
import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.catalog.Table;
import dev.lrplan.expr.FillExpression;
import dev.lrplan.finding.Code;
import dev.lrplan.finding.Finding;
import dev.lrplan.finding.Severity;
import dev.lrplan.plan.Drift;
import dev.lrplan.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The plan's {@code drift.fill}: target-only columns given a value by an expression over the
 * replicated row. Each entry becomes a {@link TableMove.Fill} and an LR123 info finding, or an
 * LR122 error that says what is wrong with it.
 */
final class Fills {
    private Fills() {}

    static List<TableMove.Fill> of(Drift drift, Table s, Table t, List<Finding> findings) {
        String table = s.name().display();
        List<TableMove.Fill> fills = new ArrayList<>();
        for (Map.Entry<String, String> e : drift.fills().getOrDefault(table, Map.of()).entrySet()) {
            String column = e.getKey();
            String where = table + "." + column;
            Optional<Column> tc = t.column(column);
            String problem = null;
            FillExpression expr = null;
            if (tc.isEmpty()) {
                problem = "the target table has no column " + column;
            } else if (s.column(column).isPresent()) {
                problem = "the source has this column too, and replication gives its value";
            } else if (tc.get().generated() != null) {
                problem = "the column is generated on the target, which computes it";
            } else {
                try {
                    expr = FillExpression.parse(e.getValue());
                    problem = columnsProblem(s, column, expr);
                } catch (FillExpression.Invalid ex) {
                    problem = ex.getMessage();
                }
            }
            if (problem != null) {
                findings.add(
                        new Finding(
                                Code.LR122,
                                Severity.ERROR,
                                where,
                                "drift.fill: " + where + ": " + problem));
                continue;
            }
            fills.add(new TableMove.Fill(column, expr, tc.get().notNull()));
            findings.add(
                    new Finding(
                            Code.LR123,
                            Severity.INFO,
                            where,
                            "column "
                                    + where
                                    + " exists only on the target and is filled by "
                                    + expr.text()
                                    + " for every replicated row"
                                    + (tc.get().notNull()
                                            ? " (nullable while replicating; NOT NULL restored before the"
                                                    + " switchover)"
                                            : "")));
        }
        return fills;
    }

    /** The plan's fill entries of this table that name a column of the target. */
    static Set<String> declared(Drift drift, Table s, Table t) {
        Set<String> out = new TreeSet<>();
        drift.fills()
                .getOrDefault(s.name().display(), Map.of())
                .keySet()
                .forEach(
                        c -> {
                            if (t.column(c).isPresent()) {
                                out.add(c);
                            }
                        });
        return out;
    }

    private static String columnsProblem(Table s, String column, FillExpression expr) {
        List<String> unknown = new ArrayList<>();
        for (String c : expr.columns()) {
            Optional<Column> sc = s.column(c);
            if (sc.isEmpty() || sc.get().generated() != null) {
                unknown.add(c);
            }
        }
        if (!unknown.isEmpty()) {
            return "the expression reads "
                    + String.join(", ", unknown)
                    + ", which the source table does not replicate (a fill reads the row as it arrives:"
                    + " the source's columns)";
        }
        if (Sql.ident(column).startsWith("U&")
                || expr.columns().stream().anyMatch(c -> Sql.ident(c).startsWith("U&"))) {
            return "a name with a control character cannot be read as NEW.field in PL/pgSQL; rename"
                    + " the column";
        }
        return null;
    }

    /** Entries for tables that do not move: an error each, never ignored. */
    static void checkDeclared(Drift drift, Set<QualifiedName> moved, List<Finding> findings) {
        drift.fills()
                .forEach(
                        (table, columns) -> {
                            String[] parts = table.split("\\.", 2);
                            if (!moved.contains(new QualifiedName(parts[0], parts[1]))) {
                                findings.add(
                                        new Finding(
                                                Code.LR122,
                                                Severity.ERROR,
                                                table,
                                                "drift.fill names table "
                                                        + table
                                                        + ", which this plan does not replicate"));
                            }
                        });
    }
}
