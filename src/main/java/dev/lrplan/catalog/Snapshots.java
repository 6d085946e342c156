package dev.lrplan.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lrplan.diag.Diagnostic;
import dev.lrplan.diag.DiagnosticException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Catalog snapshots: a catalog as JSON with a format name and version, byte-for-byte the same for
 * the same database (canonical order, no timestamps, host names or passwords). Reading one back
 * gives an equal {@link Catalog}.
 */
public final class Snapshots {
    public static final String FORMAT = "lrplan-catalog";
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .serializationInclusion(JsonInclude.Include.NON_NULL)
                    .build();

    private Snapshots() {}

    /** The file's content: a wrapper so the format can evolve and old files are recognised. */
    record SnapshotFile(String format, int formatVersion, Catalog catalog) {}

    public static String toJson(Catalog catalog) {
        DefaultPrettyPrinter printer =
                new DefaultPrettyPrinter()
                        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                        .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return MAPPER.writer(printer)
                            .writeValueAsString(new SnapshotFile(FORMAT, FORMAT_VERSION, catalog))
                    + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a catalog must always serialize", e);
        }
    }

    public static void write(Catalog catalog, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".snapshot-", ".tmp");
        try {
            Files.writeString(tmp, toJson(catalog), StandardCharsets.UTF_8);
            Files.move(
                    tmp,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static Catalog read(Path file) {
        String display = file.toString();
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8), display);
        } catch (IOException e) {
            throw new DiagnosticException(
                    List.of(Diagnostic.ofFile(display, "cannot read snapshot: " + e.getMessage())));
        }
    }

    public static Catalog fromJson(String json, String display) {
        try {
            var tree = MAPPER.readTree(json);
            if (tree == null || !FORMAT.equals(tree.path("format").asText())) {
                throw new DiagnosticException(
                        List.of(
                                Diagnostic.ofFile(
                                        display,
                                        "not an lrplan catalog snapshot (expected \"format\": \""
                                                + FORMAT
                                                + "\")")));
            }
            int version = tree.path("formatVersion").asInt(-1);
            if (version != FORMAT_VERSION) {
                throw new DiagnosticException(
                        List.of(
                                Diagnostic.ofFile(
                                        display,
                                        "snapshot format version "
                                                + version
                                                + " is not supported; this lrplan reads version "
                                                + FORMAT_VERSION
                                                + " (take a new snapshot)")));
            }
            return MAPPER.readValue(json, SnapshotFile.class).catalog();
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String msg = e.getOriginalMessage().lines().findFirst().orElse("invalid JSON");
            throw new DiagnosticException(
                    List.of(
                            at == null
                                    ? Diagnostic.ofFile(display, msg)
                                    : new Diagnostic(
                                            display,
                                            Math.max(at.getLineNr(), 0),
                                            Math.max(at.getColumnNr(), 0),
                                            msg)));
        }
    }
}
