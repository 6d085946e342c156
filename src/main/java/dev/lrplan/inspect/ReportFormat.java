package dev.lrplan.inspect;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.catalog.ServerInfo;
import dev.lrplan.finding.Finding;
import dev.lrplan.finding.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a readiness report as text for people or JSON for scripts. */
public final class ReportFormat {
    private ReportFormat() {}

    public static String text(Catalog catalog, Role role, List<Finding> findings) {
        ServerInfo s = catalog.serverInfo().orElseThrow();
        StringBuilder out = new StringBuilder();
        out.append("lrplan readiness: ")
                .append(s.database())
                .append(" on PostgreSQL ")
                .append(s.version())
                .append(" as ")
                .append(role.name().toLowerCase(java.util.Locale.ROOT))
                .append('\n');
        out.append("  tables: ")
                .append(catalog.tables().size())
                .append(", sequences: ")
                .append(catalog.sequences().size())
                .append(", materialized views: ")
                .append(catalog.materializedViews().size())
                .append(", wal_level: ")
                .append(s.settings().getOrDefault("wal_level", "?"))
                .append('\n');
        if (findings.isEmpty()) {
            out.append("\nno findings: ready\n");
            return out.toString();
        }
        out.append('\n');
        for (Finding f : findings) {
            out.append(
                    String.format(
                            "%-7s %s %-26s %s%n",
                            f.severity().label(),
                            f.code(),
                            f.code().slug(),
                            dev.lrplan.sql.Sql.printable(f.message())));
            out.append(String.format("%35s remedy: %s%n", "", f.remedy()));
        }
        long errors = findings.stream().filter(Finding::blocks).count();
        long warnings = findings.stream().filter(f -> f.severity() == Severity.WARNING).count();
        out.append('\n')
                .append(errors)
                .append(" blocking, ")
                .append(warnings)
                .append(" warning(s), ")
                .append(findings.size() - errors - warnings)
                .append(" note(s): ")
                .append(errors > 0 ? "NOT READY" : "ready")
                .append('\n');
        return out.toString();
    }

    public static String json(Catalog catalog, Role role, List<Finding> findings) {
        ServerInfo s = catalog.serverInfo().orElseThrow();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("role", role.name().toLowerCase(java.util.Locale.ROOT));
        doc.put("database", s.database());
        doc.put("serverVersion", s.version());
        doc.put("ready", !Readiness.blocks(findings));
        doc.put(
                "findings",
                findings.stream()
                        .map(
                                f -> {
                                    Map<String, Object> m = new LinkedHashMap<>();
                                    m.put("code", f.code().name());
                                    m.put("slug", f.code().slug());
                                    m.put("severity", f.severity().label());
                                    m.put("subject", f.subject());
                                    m.put("message", f.message());
                                    m.put("remedy", f.remedy());
                                    return m;
                                })
                        .toList());
        return dev.lrplan.json.Json.write(doc) + "\n";
    }
}
