package dev.lrplan.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** REVIEW.md answers where, what exactly, and how back, without opening another file. */
class ReviewContentTest {
    @TempDir Path dir;

    @Test
    void theReferenceReviewSaysWhereWhatAndHowBack() throws Exception {
        Cli c = Cli.run("compile", "plans/orders-v13-to-v16/plan.yaml", "-o", dir.toString());
        assertEquals(0, c.exit(), c.err());
        String review = Files.readString(dir.resolve("REVIEW.md"));
        // Where: each cluster as compiled.
        assertTrue(review.contains("database `shop`; system identifier "), review);
        // What: per cluster, and each step's SQL inline, collapsed.
        assertTrue(
                review.contains(
                        "**source**: + 1 publication, + 1 replication slot, REPLICA IDENTITY set on 1"
                                + " table(s), given back at cleanup"),
                review);
        assertTrue(review.contains("**target**: + 2 shim column(s), + 1 drift trigger(s)"), review);
        long steps = Files.list(dir).filter(p -> p.toString().endsWith(".sql")).count();
        assertEquals(
                steps,
                Pattern.compile("(?m)^<details><summary><b>\\d+ ")
                        .matcher(review)
                        .results()
                        .count());
        for (Path f : Files.list(dir).filter(p -> p.toString().endsWith(".sql")).toList()) {
            String first = Files.readAllLines(f).get(0);
            assertTrue(review.contains(first), "inline: " + first);
        }
        // Risk: the pause and the scans, truthfully.
        assertTrue(
                review.contains(
                        "| 15 | [verify-data](15-verify-data.source.sql) | source | none | reads every"
                                + " replicated table on both clusters | **pause** |"),
                review);
        assertEquals(
                5, Pattern.compile("\\| \\*\\*pause\\*\\* \\|").matcher(review).results().count());
        // How back: the folder's own steps, and the sequences carried back.
        assertTrue(review.contains("**Before step 17 (drop-subscription"), review);
        assertTrue(review.contains("until step 21 (drop-rollback-subscription)"), review);
        assertTrue(
                review.contains("Step 20 (back-sequence-values) first waits until the old cluster"),
                review);
        assertTrue(review.contains("--all --going-back"), review);
        // The way back is a dotted branch that the window's close skips.
        assertTrue(
                review.contains("s19 -.->|\"hold: going-back; waits: back final lsn\"| s20"),
                review);
        assertTrue(review.contains("back steps skipped\"| s21"), review);
        // The flow: a lane per cluster, where apply stops or waits, the point of no return.
        assertTrue(review.contains("subgraph source[\"source: the old cluster\"]"), review);
        assertTrue(review.contains("subgraph target[\"target: the new cluster\"]"), review);
        assertTrue(
                review.contains("s13 -->|\"hold: writes-stopped; waits: final lsn\"| s14"), review);
        assertTrue(review.contains("17 drop-subscription (point of no return)"), review);
        assertTrue(review.contains("class s13,s18,s20 rollback"), review);
        // The Steps table is narrow: no long file names in code spans, seven short columns.
        assertTrue(review.contains("| # | step | on | locks | reads or writes | pause | apply |"));
    }
}
