package dev.lrplan.render;

import dev.lrplan.compile.Compiler;
import dev.lrplan.diff.Diff;
import dev.lrplan.diff.TableMove;
import dev.lrplan.diff.TargetMerge;
import java.util.ArrayList;
import java.util.List;

/**
 * REVIEW.md's section on the way back: every table or column the rollback path does not fully carry
 * from the new cluster to the old one, and why. Nothing is left out silently.
 */
final class RollbackCoverage {
    private RollbackCoverage() {}

    static void append(StringBuilder b, Compiler.Compiled compiled, Diff diff) {
        b.append("## What the rollback path does not carry\n\n");
        boolean rollback =
                compiled.steps().stream()
                        .anyMatch(s -> s.name().startsWith("rollback-subscription"));
        if (!rollback) {
            b.append(
                    "The plan has no rollback path (`rollback.enabled: false`): once the application writes to"
                            + " the new cluster, the old one no longer follows.\n\n");
            return;
        }
        List<String> lines = new ArrayList<>();
        for (TableMove t : diff.tables()) {
            String name = Review.cell(t.name().display());
            if (diff.rollbackExcluded().contains(t.name())) {
                lines.add(
                        "`"
                                + name
                                + "`: left out by `rollback.exclude`; no write on the new cluster reaches"
                                + " the old one.");
                continue;
            }
            if (t.publish() != TableMove.Publish.ALL) {
                lines.add(
                        "`"
                                + name
                                + "`: inserts only (no row identity): UPDATE and DELETE on the new cluster do not"
                                + " reach the old one.");
            }
            for (TableMove.Rename r : t.renames()) {
                if (r.copyBack() != null) {
                    lines.add(
                            "`"
                                    + name
                                    + "."
                                    + Review.cell(r.newColumn())
                                    + "`: values that "
                                    + Review.cell(r.oldType())
                                    + " cannot hold are not copied back to `"
                                    + Review.cell(r.oldColumn())
                                    + "` (LR121; `lrplan status` counts them).");
                }
            }
            for (TableMove.Fill f : t.fills()) {
                lines.add(
                        "`"
                                + name
                                + "."
                                + Review.cell(f.column())
                                + "`: exists on the new cluster only (filled by the plan); the old cluster has no"
                                + " such column.");
            }
        }
        for (TargetMerge m : diff.merges()) {
            lines.add(
                    "`"
                            + Review.cell(m.name().display())
                            + "`: keep-target: not replicated in either direction; the new cluster's rows stay"
                            + " there.");
        }
        if (lines.isEmpty()) {
            b.append("Nothing: every replicated table and column is carried back.\n\n");
        } else {
            lines.forEach(l -> b.append("- ").append(l).append('\n'));
            b.append('\n');
        }
    }
}
