package dev.lrplan.catalog.dump;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.diag.Diagnostic;
import java.util.List;
import java.util.Map;

/**
 * A catalog read from a {@code pg_dump --schema-only} file, with what was left out.
 *
 * @param skipped statements of no use to lrplan (functions, grants, comments, meta-commands…),
 *     counted by kind
 * @param unread statements that matter but could not be read, each named; the catalog lacks them
 */
public record SchemaFile(Catalog catalog, Map<String, Integer> skipped, List<Diagnostic> unread) {
    public SchemaFile {
        skipped = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(skipped));
        unread = List.copyOf(unread);
    }
}
