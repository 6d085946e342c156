package dev.lrplan.bench;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.catalog.Snapshots;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Introspection time for 10,000 tables, on servers with the default lock table, (each with a serial
 * key and two more columns) on 13 and 16. Reports figures only; run with {@code mvn -B -Pbench
 * verify}, read target/bench/introspection.txt.
 */
@Tag("bench")
class IntrospectionBench {
    private static final int TABLES = 10_000;
    private static final int RUNS = 5;

    @Test
    void introspect10000Tables() throws IOException {
        StringBuilder report = new StringBuilder();
        for (String major : List.of("13", "16")) {
            // Default lock table (max_locks_per_transaction = 64): pg_dump -s fails here on 10,000
            // tables.
            try (dev.lrplan.sandbox.Cluster cluster =
                    Clusters.start(major, java.util.Map.of("wal_level", "logical"))) {
                Db db = Db.create(cluster, "bench" + major);
                for (int from = 1;
                        from <= TABLES;
                        from += 1000) { // in batches: each CREATE holds a lock till commit
                    db.exec(
                            "DO $$ BEGIN FOR i IN "
                                    + from
                                    + ".."
                                    + (from + 999)
                                    + " LOOP "
                                    + "EXECUTE format('CREATE TABLE public.t%s (id serial PRIMARY KEY, v text, w int)', i); "
                                    + "END LOOP; END $$");
                }
                db.exec("ANALYZE");
                List<Double> seconds = new ArrayList<>();
                Catalog c = null;
                for (int i = 0; i < RUNS; i++) {
                    long t0 = System.nanoTime();
                    c = db.introspect();
                    seconds.add((System.nanoTime() - t0) / 1e9);
                }
                Collections.sort(seconds);
                long t0 = System.nanoTime();
                int bytes = Snapshots.toJson(c).length();
                double json = (System.nanoTime() - t0) / 1e9;
                report.append(
                        String.format(
                                Locale.ROOT,
                                "PostgreSQL %s: %d tables, %d sequences: introspection min %.2f s, median %.2f s, max %.2f s "
                                        + "over %d runs; snapshot JSON %.1f MB in %.2f s%n",
                                major,
                                c.tables().size(),
                                c.sequences().size(),
                                seconds.get(0),
                                seconds.get(RUNS / 2),
                                seconds.get(RUNS - 1),
                                RUNS,
                                bytes / 1e6,
                                json));
            }
        }
        Path out = Path.of("target/bench/introspection.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.print(report);
    }
}
