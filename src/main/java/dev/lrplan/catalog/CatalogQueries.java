package dev.lrplan.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The catalog queries, kept as resource files named after what they fetch, one file per server
 * version where the catalogs differ: {@code tables.100000.sql} serves every server from 10 on,
 * until a file with a higher floor takes over.
 */
final class CatalogQueries {
    private static final int[] FLOORS = {
        170000, 160000, 150000, 140000, 130000, 120000, 110000, 100000, 90600
    };

    private CatalogQueries() {}

    static String load(String kind, int serverVersionNum) {
        for (int floor : FLOORS) {
            if (floor > serverVersionNum) {
                continue;
            }
            String path = "/lrplan/catalog/" + kind + "." + floor + ".sql";
            try (InputStream in = CatalogQueries.class.getResourceAsStream(path)) {
                if (in != null) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException(
                "no catalog query '" + kind + "' for server version " + serverVersionNum);
    }
}
