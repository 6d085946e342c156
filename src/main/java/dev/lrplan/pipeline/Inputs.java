package dev.lrplan.pipeline;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.catalog.Introspector;
import dev.lrplan.catalog.Snapshots;
import dev.lrplan.catalog.dump.DumpReader;
import dev.lrplan.catalog.dump.SchemaFile;
import dev.lrplan.db.ConnInfo;
import dev.lrplan.db.Database;
import dev.lrplan.diag.Diagnostic;
import dev.lrplan.diag.DiagnosticException;
import dev.lrplan.diff.SequenceFit;
import dev.lrplan.plan.Endpoint;
import dev.lrplan.render.Output;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Reads a plan endpoint's catalog: the one stage of the pipeline besides apply that talks to
 * databases.
 */
public final class Inputs {
    private Inputs() {}

    /** Both ends' catalogs. */
    public record Both(LoadedCatalog source, LoadedCatalog target) {}

    /**
     * Both ends, read at the same time (two servers, or a server and a file). The target's
     * sequences are read without their last values: only the source's are compared (LR112), and the
     * switchover reads both live. Of a live source's, only those LR112 needs are read: the ones
     * that, carried over with {@code sequenceMargin}, may not fit their target sequence (reading a
     * value opens and locks the sequence; a sequence widened on the target always fits).
     */
    public static Both loadBoth(
            Endpoint source, Endpoint target, Map<String, String> env, long sequenceMargin) {
        java.util.concurrent.CompletableFuture<LoadedCatalog> t =
                java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> load(target, env, Introspector.ValueChoice.NONE));
        Introspector.ValueChoice needed =
                withoutValues -> {
                    Catalog other = join(t).catalog();
                    return SequenceFit.valuesNeeded(withoutValues, other, sequenceMargin)::contains;
                };
        LoadedCatalog s;
        try {
            s = load(source, env, needed);
        } catch (RuntimeException ex) {
            t.handle((x, y) -> null).join();
            throw ex;
        }
        return new Both(s, join(t));
    }

    private static LoadedCatalog join(java.util.concurrent.CompletableFuture<LoadedCatalog> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException ex) {
            if (ex.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw ex;
        }
    }

    public static LoadedCatalog load(Endpoint e, Map<String, String> env) {
        return load(e, env, Introspector.ValueChoice.ALL);
    }

    /**
     * As above; of a live server's sequences, the last values of those {@code lastValues} picks.
     */
    private static LoadedCatalog load(
            Endpoint e, Map<String, String> env, Introspector.ValueChoice lastValues) {
        return switch (e.kind()) {
            case URL -> {
                ConnInfo info;
                try {
                    info = ConnInfo.parse(e.url(), env);
                } catch (IllegalArgumentException ex) {
                    throw new DiagnosticException(
                            List.of(Diagnostic.ofFile("connection string", ex.getMessage())));
                }
                try (Connection c = Database.connect(info)) {
                    Introspector.Read read = Introspector.read(c, lastValues);
                    dev.lrplan.diag.Timings.mark("introspected " + info.describe());
                    yield new LoadedCatalog(read.catalog(), "url", read.sha256(), List.of());
                } catch (SQLException ex) {
                    throw Database.failure("lost the connection to " + info.describe(), ex);
                }
            }
            case SNAPSHOT -> {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(e.snapshot());
                } catch (IOException ex) {
                    throw new DiagnosticException(
                            List.of(
                                    Diagnostic.ofFile(
                                            e.snapshot().toString(),
                                            "cannot read snapshot: " + ex.getMessage())));
                }
                yield new LoadedCatalog(
                        Snapshots.fromJson(
                                new String(bytes, StandardCharsets.UTF_8), e.snapshot().toString()),
                        "snapshot",
                        Output.sha256(bytes),
                        List.of());
            }
            case SCHEMA_FILE -> {
                String text;
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(e.schemaFile());
                    text =
                            StandardCharsets.UTF_8
                                    .newDecoder()
                                    .decode(java.nio.ByteBuffer.wrap(bytes))
                                    .toString();
                } catch (java.nio.charset.CharacterCodingException ex) {
                    throw new DiagnosticException(
                            List.of(
                                    Diagnostic.ofFile(
                                            e.schemaFile().toString(),
                                            "the schema file is not valid UTF-8 (dump it with pg_dump --encoding=UTF8)")));
                } catch (IOException ex) {
                    throw new DiagnosticException(
                            List.of(
                                    Diagnostic.ofFile(
                                            e.schemaFile().toString(),
                                            "cannot read schema file: "
                                                    + ex.getClass().getSimpleName()
                                                    + (ex.getMessage() == null
                                                            ? ""
                                                            : " " + ex.getMessage()))));
                }
                SchemaFile f = DumpReader.read(text, e.schemaFile().getFileName().toString());
                yield new LoadedCatalog(
                        f.catalog(), "schema_file", Output.sha256(bytes), f.unread());
            }
        };
    }
}
