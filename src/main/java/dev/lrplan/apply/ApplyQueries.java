package dev.lrplan.apply;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** apply's own queries, kept as {@code .sql} resources under {@code lrplan/apply/}. */
public final class ApplyQueries {
    private ApplyQueries() {}

    public static String sql(String name) {
        try (InputStream in = ApplyQueries.class.getResourceAsStream("/lrplan/apply/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource lrplan/apply/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The version of a query for a server: {@code name.NNNNNN.sql} with the highest version number
     * not above the server's, like the catalog's queries.
     */
    public static String sql(String name, int serverVersionNum, int... versions) {
        int chosen = -1;
        for (int v : versions) {
            if (v <= serverVersionNum && v > chosen) {
                chosen = v;
            }
        }
        if (chosen < 0) {
            throw new IllegalStateException(
                    name + " has no version for server " + serverVersionNum);
        }
        return sql(name + "." + chosen + ".sql");
    }
}
