package dev.lrplan.apply;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** apply's own queries, kept as {@code .sql} resources under {@code lrplan/apply/}. */
final class ApplyQueries {
    private ApplyQueries() {}

    static String sql(String name) {
        try (InputStream in = ApplyQueries.class.getResourceAsStream("/lrplan/apply/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource lrplan/apply/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
