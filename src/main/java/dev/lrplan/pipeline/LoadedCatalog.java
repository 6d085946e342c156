package dev.lrplan.pipeline;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.diag.Diagnostic;
import java.util.List;

/**
 * A catalog with where it came from: the kind of input (url, snapshot, schema_file), the SHA-256 of
 * what was read (a snapshot's or schema file's bytes; a live server's catalog as compact canonical
 * JSON), and what reading it left out (for a schema file).
 */
public record LoadedCatalog(Catalog catalog, String kind, String sha256, List<Diagnostic> notes) {
    public LoadedCatalog {
        notes = List.copyOf(notes);
    }
}
