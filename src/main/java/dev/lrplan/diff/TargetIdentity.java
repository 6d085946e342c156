package dev.lrplan.diff;

import dev.lrplan.catalog.Index;
import dev.lrplan.catalog.Table;
import dev.lrplan.finding.Code;
import dev.lrplan.finding.Finding;
import dev.lrplan.finding.Severity;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * When the source publishes a table with REPLICA IDENTITY USING INDEX, the subscriber needs an
 * identity of its own to apply UPDATE and DELETE (its apply worker otherwise loops on "has neither
 * REPLICA IDENTITY index nor PRIMARY KEY"), whose columns the source sends: the target's primary
 * key when its columns are among the index's, else the target's unique index on the same columns,
 * which the target-schema step makes its replica identity. Neither is an error (LR010).
 */
final class TargetIdentity {
    private TargetIdentity() {}

    /** The target index to set as replica identity, null when the target's key already serves. */
    static String forIndex(String table, Index source, Table target, List<Finding> findings) {
        List<String> cols = source.columns();
        if (target.primaryKey() != null) {
            if (cols.containsAll(target.primaryKey().columns())) {
                return null;
            }
            findings.add(
                    new Finding(
                            Code.LR010,
                            Severity.ERROR,
                            table + " (target)",
                            "table "
                                    + table
                                    + " is published with REPLICA IDENTITY USING INDEX "
                                    + source.name()
                                    + " ("
                                    + String.join(", ", cols)
                                    + "), but the target's primary key ("
                                    + String.join(", ", target.primaryKey().columns())
                                    + ") needs columns the source does not send"));
            return null;
        }
        Optional<Index> match =
                target.uniqueIndexes().stream()
                        .filter(i -> new HashSet<>(i.columns()).equals(new HashSet<>(cols)))
                        .findFirst();
        if (match.isEmpty()) {
            findings.add(
                    new Finding(
                            Code.LR010,
                            Severity.ERROR,
                            table + " (target)",
                            "table "
                                    + table
                                    + " is published with REPLICA IDENTITY USING INDEX "
                                    + source.name()
                                    + " ("
                                    + String.join(", ", cols)
                                    + "), but the target has no unique index on NOT NULL columns ("
                                    + String.join(", ", cols)
                                    + ") to identify rows by: create one on the target"));
            return null;
        }
        return match.get().replicaIdentity() ? null : match.get().name();
    }
}
