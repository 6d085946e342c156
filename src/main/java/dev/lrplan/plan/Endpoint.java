package dev.lrplan.plan;

import java.nio.file.Path;

/**
 * Where a cluster's catalog comes from: exactly one of a live connection, a catalog snapshot (JSON)
 * or, for the target, a {@code pg_dump --schema-only} file.
 *
 * @param url the connection string with ${VAR} references resolved; never written to any output
 * @param urlVariables the names of the variables the url referenced, for messages
 * @param version the major version of the cluster a schema file is meant for, or null
 */
public record Endpoint(
        String url,
        java.util.List<String> urlVariables,
        Path snapshot,
        Path schemaFile,
        Integer version) {
    public Endpoint {
        urlVariables =
                urlVariables == null ? java.util.List.of() : java.util.List.copyOf(urlVariables);
        int given =
                (url != null ? 1 : 0) + (snapshot != null ? 1 : 0) + (schemaFile != null ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException(
                    "an endpoint needs exactly one of url, snapshot, schema_file");
        }
    }

    public enum Kind {
        URL,
        SNAPSHOT,
        SCHEMA_FILE
    }

    public Kind kind() {
        return url != null ? Kind.URL : snapshot != null ? Kind.SNAPSHOT : Kind.SCHEMA_FILE;
    }

    @Override
    public String toString() {
        return switch (kind()) {
            case URL ->
                    "url("
                            + (urlVariables.isEmpty()
                                    ? "literal"
                                    : "${" + String.join("}, ${", urlVariables) + "}")
                            + ")";
            case SNAPSHOT -> "snapshot(" + snapshot + ")";
            case SCHEMA_FILE -> "schema_file(" + schemaFile + ")";
        };
    }
}
