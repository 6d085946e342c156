package dev.lrplan.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The plan's {@code tables} section: which tables move, and what to do with those without a key.
 */
final class TablesLoader {
    static final Set<String> TABLES =
            Set.of(
                    "schemas",
                    "owner",
                    "include",
                    "exclude",
                    "include_extension_tables",
                    "require_all",
                    "without_primary_key",
                    "target_rows");

    private final YamlNodes y;

    TablesLoader(YamlNodes y) {
        this.y = y;
    }

    TableSelection load(Node n) {
        Map<String, Node> m =
                n == null ? Map.of() : y.mapping(n, "tables", TABLES, Set.of()).orElse(Map.of());
        List<String> schemas =
                m.containsKey("schemas")
                        ? y.stringList(m.get("schemas"), "tables.schemas")
                        : List.of("public");
        if (m.containsKey("schemas")
                && schemas.isEmpty()
                && m.get("schemas") instanceof org.yaml.snakeyaml.nodes.SequenceNode seq
                && seq.getValue().isEmpty()) {
            y.error(m.get("schemas"), "tables.schemas must name at least one schema");
        }
        String owner =
                m.containsKey("owner") ? y.name(m.get("owner"), "tables.owner").orElse(null) : null;
        List<String> include =
                m.containsKey("include")
                        ? tableList(y, m.get("include"), "tables.include")
                        : List.of();
        List<String> exclude =
                m.containsKey("exclude")
                        ? tableList(y, m.get("exclude"), "tables.exclude")
                        : List.of();
        boolean ext =
                m.containsKey("include_extension_tables")
                        ? y.bool(
                                        m.get("include_extension_tables"),
                                        "tables.include_extension_tables")
                                .orElse(false)
                        : false;
        boolean requireAll =
                m.containsKey("require_all")
                        ? y.bool(m.get("require_all"), "tables.require_all").orElse(false)
                        : false;
        TableSelection.NoKeyPolicy policy = TableSelection.NoKeyPolicy.FAIL;
        Map<String, TableSelection.NoKeyPolicy> perTable = new java.util.LinkedHashMap<>();
        Node wpk = m.get("without_primary_key");
        if (wpk instanceof org.yaml.snakeyaml.nodes.MappingNode) {
            // { default: POLICY, schema.table: POLICY, … }
            Map<String, Node> entries =
                    y.freeMapping(wpk, "tables.without_primary_key").orElse(Map.of());
            for (Map.Entry<String, Node> e : entries.entrySet()) {
                Optional<TableSelection.NoKeyPolicy> p =
                        noKeyPolicy(e.getValue(), "tables.without_primary_key." + e.getKey());
                if (e.getKey().equals("default")) {
                    policy = p.orElse(policy);
                } else if (!e.getKey().matches("[^.]+\\.[^.]+")) {
                    y.error(
                            e.getValue(),
                            "tables.without_primary_key: a key is default or schema.table, not '"
                                    + e.getKey()
                                    + "'");
                } else {
                    p.ifPresent(v -> perTable.put(e.getKey(), v));
                }
            }
        } else if (wpk != null) {
            policy = noKeyPolicy(wpk, "tables.without_primary_key").orElse(policy);
        }
        Map<String, TableSelection.TargetRows> targetRows = new java.util.LinkedHashMap<>();
        if (m.containsKey("target_rows")) {
            y.freeMapping(m.get("target_rows"), "tables.target_rows")
                    .ifPresent(
                            tables ->
                                    tables.forEach(
                                            (table, v) -> {
                                                if (!table.matches("[^.]+\\.[^.]+")) {
                                                    y.error(
                                                            v,
                                                            "tables.target_rows: table must be written as schema.table, not '"
                                                                    + table
                                                                    + "'");
                                                    return;
                                                }
                                                y.choice(
                                                                v,
                                                                "tables.target_rows." + table,
                                                                List.of(
                                                                        "truncate",
                                                                        "keep-target",
                                                                        "exclude"))
                                                        .ifPresent(
                                                                c ->
                                                                        targetRows.put(
                                                                                table,
                                                                                TableSelection
                                                                                        .TargetRows
                                                                                        .valueOf(
                                                                                                c.toUpperCase(
                                                                                                                Locale
                                                                                                                        .ROOT)
                                                                                                        .replace(
                                                                                                                '-',
                                                                                                                '_'))));
                                            }));
        }
        return new TableSelection(
                schemas, owner, include, exclude, ext, requireAll, policy, targetRows, perTable);
    }

    private Optional<TableSelection.NoKeyPolicy> noKeyPolicy(Node v, String what) {
        return y.choice(
                        v,
                        what,
                        List.of(
                                "replica-identity-full",
                                "replica-identity-index",
                                "exclude",
                                "insert-only",
                                "fail"))
                .map(
                        c ->
                                TableSelection.NoKeyPolicy.valueOf(
                                        c.toUpperCase(Locale.ROOT).replace('-', '_')));
    }

    /** Each entry a schema.table name. */
    static List<String> tableList(YamlNodes y, Node n, String what) {
        List<String> out = new ArrayList<>();
        y.sequence(n, what)
                .ifPresent(
                        items ->
                                items.forEach(
                                        i ->
                                                y.tableName(i, "an entry of " + what)
                                                        .ifPresent(out::add)));
        return out;
    }
}
