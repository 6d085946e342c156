package dev.lrplan.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * The bench profile's one table (issue 13, item 5), in target/bench/summary.md: each benchmark puts
 * its row (P1 compile ÷ pg_dump -s, P2 the write pause without and with pgbouncer, P3 the snapshot
 * copy ÷ the floor), and the table is written again from the rows present, in that order, with the
 * date and the machine's cores.
 */
public final class BenchTable {
    private static final Path DIR = Path.of("target/bench/summary");
    private static final List<String> ORDER = List.of("P1", "P2", "P2b", "P3");

    private BenchTable() {}

    /** Sets one row: its key (P1, P2, P2b, P3), what it measures, the figure and the reference. */
    public static synchronized void put(String key, String what, String figure, String reference) {
        try {
            Files.createDirectories(DIR);
            Files.writeString(
                    DIR.resolve(key + ".row"),
                    "| " + key + " | " + what + " | " + figure + " | " + reference + " |\n");
            StringBuilder b =
                    new StringBuilder(
                            String.format(
                                    Locale.ROOT,
                                    "lrplan bench, %s, %d cores (%s %s), one run of mvn -B -Pbench verify%n%n"
                                            + "| | measure | lrplan | reference |%n|---|---|---|---|%n",
                                    LocalDate.now(),
                                    Runtime.getRuntime().availableProcessors(),
                                    System.getProperty("os.name"),
                                    System.getProperty("os.arch")));
            for (String k : ORDER) {
                Path row = DIR.resolve(k + ".row");
                if (Files.exists(row)) {
                    b.append(Files.readString(row));
                }
            }
            Files.writeString(Path.of("target/bench/summary.md"), b.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
