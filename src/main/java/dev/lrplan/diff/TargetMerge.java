package dev.lrplan.diff;

import dev.lrplan.catalog.QualifiedName;
import java.util.List;

/**
 * A keep-target table: not replicated; at the switchover the source's rows whose key the target
 * lacks are inserted there.
 *
 * @param sourceColumns the source's columns the target also has (under their new names)
 * @param targetColumns the same columns, as the target names them
 * @param key the target's primary key or unique index, which the merge never duplicates
 */
public record TargetMerge(
        QualifiedName name,
        List<String> sourceColumns,
        List<String> targetColumns,
        List<String> key) {
    public TargetMerge {
        sourceColumns = List.copyOf(sourceColumns);
        targetColumns = List.copyOf(targetColumns);
        key = List.copyOf(key);
    }
}
