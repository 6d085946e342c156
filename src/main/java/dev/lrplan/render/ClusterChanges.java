package dev.lrplan.render;

import dev.lrplan.compile.Compiler;
import dev.lrplan.compile.step.Step;
import dev.lrplan.diff.Diff;
import dev.lrplan.diff.TableMove;
import java.util.ArrayList;
import java.util.List;

/**
 * REVIEW.md's one-glance answer to "what does this do to each cluster", in the style of a plan
 * review ("source: + 1 publication …; target: + 2 columns, + 1 trigger …"), counted from the diff
 * and the compiled steps, with what cleanup takes away and what stays.
 */
final class ClusterChanges {
    private ClusterChanges() {}

    static void append(StringBuilder b, Compiler.Compiled compiled, Diff diff) {
        boolean rollback = has(compiled, "rollback-subscription");
        boolean pglogical = compiled.strategy().equals("pglogical");
        boolean insertOnly =
                diff.tables().stream().anyMatch(t -> t.publish() == TableMove.Publish.INSERT_ONLY);
        List<String> source = new ArrayList<>();
        if (pglogical) {
            source.add("+ the pglogical provider node and replication sets");
        } else {
            source.add("+ " + (insertOnly ? "2 publications" : "1 publication"));
        }
        source.add("+ 1 replication slot");
        long identity =
                diff.tables().stream()
                        .filter(t -> t.identityFix().kind() != TableMove.IdentityFix.Kind.NONE)
                        .count();
        if (identity > 0) {
            source.add(
                    "REPLICA IDENTITY set on "
                            + identity
                            + " table(s)"
                            + (pglogical ? "" : ", given back at cleanup"));
        }
        if (rollback) {
            source.add("+ 1 subscription (the rollback path, after switchover)");
        }
        if (!diff.relaxOld().isEmpty()) {
            source.add(
                    diff.relaxOld().size()
                            + " constraint(s) relaxed for the rollback path (rollback-prepare; not undone)");
        }
        List<String> target = new ArrayList<>();
        long shims = diff.tables().stream().mapToLong(t -> t.shims().size()).sum();
        long renames = diff.tables().stream().mapToLong(t -> t.renames().size()).sum();
        long triggers =
                diff.tables().stream()
                        .filter(t -> !t.renames().isEmpty() || !t.fills().isEmpty())
                        .count();
        if (shims + renames > 0) {
            target.add("+ " + (shims + renames) + " shim column(s)");
        }
        if (triggers > 0) {
            target.add("+ " + triggers + " drift trigger(s)");
        }
        target.add("+ 1 subscription (dropped at switchover)");
        if (rollback) {
            target.add("+ the rollback publication and its slot");
            long full =
                    diff.rollbackTables().stream()
                            .filter(
                                    t ->
                                            t.publish() == TableMove.Publish.ALL
                                                    && !t.targetHasIdentity())
                            .count();
            if (full > 0) {
                target.add(
                        "REPLICA IDENTITY FULL on "
                                + full
                                + " table(s)"
                                + (pglogical ? "" : ", given back at cleanup"));
            }
        }
        if (!compiled.deferredIndexes().isEmpty()) {
            target.add(
                    compiled.deferredIndexes().size()
                            + " index(es) dropped before the copy and built again after it");
        }
        target.add("schema `lrplan` with apply's ledger (kept)");
        if (shims + renames > 0) {
            target.add("the shims' data backed up in `lrplan_backup` at cleanup (kept)");
        }
        b.append("Changes per cluster (removed at cleanup unless said): **source**: ")
                .append(String.join(", ", source))
                .append("; **target**: ")
                .append(String.join(", ", target))
                .append(".\n");
    }

    private static boolean has(Compiler.Compiled compiled, String step) {
        return compiled.steps().stream().map(Step::name).anyMatch(step::equals);
    }
}
