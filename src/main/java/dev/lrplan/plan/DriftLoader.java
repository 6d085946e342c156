package dev.lrplan.plan;

import dev.lrplan.expr.FillExpression;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** The plan's {@code drift} section: missing columns, renames, accepted type changes, fills. */
final class DriftLoader {
    static final Set<String> DRIFT =
            Set.of("missing_columns", "renames", "accept_type_changes", "fill");
    private static final Set<String> ACCEPT = Set.of("table", "column", "reason");

    private final YamlNodes y;

    DriftLoader(YamlNodes y) {
        this.y = y;
    }

    Drift load(Node n) {
        Map<String, Node> m =
                n == null ? Map.of() : y.mapping(n, "drift", DRIFT, Set.of()).orElse(Map.of());
        Drift.MissingColumns missing =
                Optional.ofNullable(m.get("missing_columns"))
                        .flatMap(v -> y.choice(v, "drift.missing_columns", List.of("shim", "fail")))
                        .map(v -> Drift.MissingColumns.valueOf(v.toUpperCase(Locale.ROOT)))
                        .orElse(Drift.MissingColumns.SHIM);
        Map<String, Map<String, String>> renames = new LinkedHashMap<>();
        if (m.containsKey("renames")) {
            y.freeMapping(m.get("renames"), "drift.renames")
                    .ifPresent(
                            tables ->
                                    tables.forEach(
                                            (table, cols) -> {
                                                if (!table.matches("[^.]+\\.[^.]+")) {
                                                    y.error(
                                                            cols,
                                                            "drift.renames: table must be written as schema.table, not '"
                                                                    + table
                                                                    + "'");
                                                    return;
                                                }
                                                Map<String, String> pairs = new LinkedHashMap<>();
                                                y.freeMapping(cols, "drift.renames." + table)
                                                        .ifPresent(
                                                                c ->
                                                                        c.forEach(
                                                                                (oldName,
                                                                                        newNode) ->
                                                                                        y.name(
                                                                                                        newNode,
                                                                                                        "the new name of "
                                                                                                                + table
                                                                                                                + "."
                                                                                                                + oldName)
                                                                                                .ifPresent(
                                                                                                        nn -> {
                                                                                                            if (nn
                                                                                                                    .equals(
                                                                                                                            oldName)) {
                                                                                                                y
                                                                                                                        .error(
                                                                                                                                newNode,
                                                                                                                                "drift.renames."
                                                                                                                                        + table
                                                                                                                                        + ": '"
                                                                                                                                        + oldName
                                                                                                                                        + "' is renamed to itself");
                                                                                                            } else {
                                                                                                                pairs
                                                                                                                        .put(
                                                                                                                                oldName,
                                                                                                                                nn);
                                                                                                            }
                                                                                                        })));
                                                renames.put(table, pairs);
                                            }));
        }
        List<Drift.AcceptedTypeChange> accepted = new ArrayList<>();
        if (m.containsKey("accept_type_changes")) {
            y.sequence(m.get("accept_type_changes"), "drift.accept_type_changes")
                    .ifPresent(
                            items -> {
                                for (Node item : items) {
                                    y.mapping(
                                                    item,
                                                    "an entry of drift.accept_type_changes",
                                                    ACCEPT,
                                                    ACCEPT)
                                            .ifPresent(
                                                    a -> {
                                                        Optional<String> t =
                                                                a.containsKey("table")
                                                                        ? y.tableName(
                                                                                a.get("table"),
                                                                                "table")
                                                                        : Optional.empty();
                                                        Optional<String> c =
                                                                a.containsKey("column")
                                                                        ? y.name(
                                                                                a.get("column"),
                                                                                "column")
                                                                        : Optional.empty();
                                                        Optional<String> r =
                                                                a.containsKey("reason")
                                                                        ? y.string(
                                                                                a.get("reason"),
                                                                                "reason")
                                                                        : Optional.empty();
                                                        if (t.isPresent()
                                                                && c.isPresent()
                                                                && r.isPresent()) {
                                                            accepted.add(
                                                                    new Drift.AcceptedTypeChange(
                                                                            t.get(), c.get(),
                                                                            r.get()));
                                                        }
                                                    });
                                }
                            });
        }
        Map<String, Map<String, String>> fills = fills(m.get("fill"));
        return new Drift(missing, renames, accepted, fills);
    }

    /**
     * {@code fill: { schema.table: { column: "expression" } }}: each expression must parse; what it
     * may name is the diff's to check, against both catalogs.
     */
    private Map<String, Map<String, String>> fills(Node n) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        if (n == null) {
            return out;
        }
        y.freeMapping(n, "drift.fill")
                .ifPresent(tables -> tables.forEach((table, cols) -> fillTable(out, table, cols)));
        return out;
    }

    private void fillTable(Map<String, Map<String, String>> out, String table, Node cols) {
        if (!table.matches("[^.]+\\.[^.]+")) {
            y.error(cols, "drift.fill: table must be written as schema.table, not '" + table + "'");
            return;
        }
        Map<String, String> exprs = new LinkedHashMap<>();
        y.freeMapping(cols, "drift.fill." + table)
                .ifPresent(
                        c ->
                                c.forEach(
                                        (column, exprNode) ->
                                                y.string(
                                                                exprNode,
                                                                "drift.fill."
                                                                        + table
                                                                        + "."
                                                                        + column)
                                                        .ifPresent(
                                                                text -> {
                                                                    try {
                                                                        FillExpression.parse(text);
                                                                        exprs.put(column, text);
                                                                    } catch (
                                                                            FillExpression.Invalid
                                                                                    e) {
                                                                        y.error(
                                                                                exprNode,
                                                                                "drift.fill."
                                                                                        + table
                                                                                        + "."
                                                                                        + column
                                                                                        + ": "
                                                                                        + e
                                                                                                .getMessage());
                                                                    }
                                                                })));
        out.put(table, exprs);
    }
}
