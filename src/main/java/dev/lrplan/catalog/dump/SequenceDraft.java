package dev.lrplan.catalog.dump;

import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.catalog.Sequence;

/**
 * A sequence as CREATE SEQUENCE and ALTER SEQUENCE describe it; the parameters it leaves out take
 * PostgreSQL's defaults for its type and direction.
 */
final class SequenceDraft {
    final QualifiedName name;
    String dataType = "bigint";
    Long start;
    Long min;
    Long max;
    long increment = 1;
    boolean cycle;
    QualifiedName ownedBy;
    String ownedByColumn;

    SequenceDraft(QualifiedName name) {
        this.name = name;
    }

    Sequence build() {
        long typeMax =
                switch (dataType) {
                    case "smallint" -> Short.MAX_VALUE;
                    case "integer" -> Integer.MAX_VALUE;
                    default -> Long.MAX_VALUE;
                };
        long typeMin =
                switch (dataType) {
                    case "smallint" -> Short.MIN_VALUE;
                    case "integer" -> Integer.MIN_VALUE;
                    default -> Long.MIN_VALUE;
                };
        long lo = min != null ? min : increment > 0 ? 1 : typeMin;
        long hi = max != null ? max : increment > 0 ? typeMax : -1;
        long st = start != null ? start : increment > 0 ? lo : hi;
        return new Sequence(
                name, dataType, st, lo, hi, increment, cycle, null, ownedBy, ownedByColumn);
    }
}
