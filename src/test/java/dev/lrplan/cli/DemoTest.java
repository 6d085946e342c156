package dev.lrplan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lrplan demo} runs the whole upgrade on its own clusters and reports the write pause. */
class DemoTest {
    @TempDir Path dir;

    @Test
    void theDemoIsARehearsalOfTheExamplePlanThatPassesEveryPhase() throws Exception {
        Cli demo = Cli.run("demo", "-o", dir.toString());
        assertEquals(0, demo.exit(), demo.out() + demo.err());
        assertTrue(demo.out().contains("every verification passed"), demo.out());
        assertTrue(demo.out().contains("PostgreSQL 13 -> 16: PASSED"), demo.out());
        for (String phase :
                new String[] {
                    "schemas",
                    "data",
                    "compile",
                    "sync",
                    "switchover",
                    "verification",
                    "rollback",
                    "cleanup",
                    "fixed point"
                }) {
            assertTrue(
                    Pattern.compile("(?m)^  ok +" + phase + " ").matcher(demo.out()).find(),
                    phase + " in " + demo.out());
        }
        Matcher pause =
                Pattern.compile("write pause at switchover: ([0-9.]+) s").matcher(demo.out());
        assertTrue(pause.find(), demo.out());
        assertTrue(Double.parseDouble(pause.group(1)) > 0);
        assertTrue(Files.exists(dir.resolve("compiled/REVIEW.md")));
        assertTrue(Files.exists(dir.resolve("plan/plan.yaml")));
        assertTrue(Files.readString(dir.resolve("rehearsal.md")).contains("**Passed**"));
        // The ledger of every step apply ran, for the curious.
        assertTrue(Files.readString(dir.resolve("apply.log")).contains("drift-cleanup"));
    }
}
