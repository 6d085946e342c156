package dev.lrplan.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LR127: checksums that would make the write pause long are said before the window. */
class PauseCostTest {
    @TempDir Path dir;

    private int copies;

    private Path plan(String verify) throws Exception {
        Path src = Path.of("plans/orders-v13-to-v16");
        Path dir = Files.createDirectories(this.dir.resolve("copy-" + copies++));
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : files.toList()) {
                Path to = dir.resolve(src.relativize(p).toString());
                if (p.equals(src)) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        // The snapshot says the tables are about 1 GB each (the planner's estimate).
        Path catalog = dir.resolve("catalogs/source.json");
        Files.writeString(
                catalog,
                Files.readString(catalog)
                        .replaceAll("\"estimatedBytes\" : \\d+", "\"estimatedBytes\" : 900000000"));
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, Files.readString(plan) + verify);
        return plan;
    }

    @Test
    void largeChecksummedTablesAreAWarningWithThePauseTheyCost() throws Exception {
        Cli d = Cli.run("diff", plan("").toString());
        assertTrue(d.out().contains("LR127"), d.out());
        assertTrue(
                d.out().contains("checksums 4 table(s) of about 3.4 GB inside the write pause"),
                d.out());
        assertTrue(d.out().contains("verify.max_bytes"), "the remedy: " + d.out());
    }

    @Test
    void countsOnlyOrNoChecksumsSayNothing() throws Exception {
        Cli small = Cli.run("diff", plan("verify: { max_bytes: 104857600 }\n").toString());
        assertFalse(small.out().contains("LR127"), small.out());
        Cli none = Cli.run("diff", plan("verify: { checksums: none }\n").toString());
        assertFalse(none.out().contains("LR127"), none.out());
        assertEquals(0, none.exit(), none.err());
    }
}
