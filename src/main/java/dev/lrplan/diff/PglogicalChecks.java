package dev.lrplan.diff;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.catalog.Column;
import dev.lrplan.finding.Code;
import dev.lrplan.finding.Finding;
import dev.lrplan.finding.Severity;
import java.util.ArrayList;
import java.util.List;

/** What the pglogical strategy needs of the two clusters and of the tables' types (LR120). */
final class PglogicalChecks {
    private PglogicalChecks() {}

    /**
     * What the pglogical strategy needs of the versions and names; tables are checked once their
     * moves are known.
     */
    static void versionsAndNames(
            int sourceMajor,
            int targetMajor,
            Catalog source,
            Catalog target,
            List<Finding> findings) {
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
    static void sameMajorTypes(List<TableMove> moves, List<Finding> findings) {
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
}
