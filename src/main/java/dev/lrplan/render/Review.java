package dev.lrplan.render;

import dev.lrplan.compile.Compiler;
import dev.lrplan.compile.step.Step;
import dev.lrplan.contract.Execution;
import dev.lrplan.contract.Gate;
import dev.lrplan.contract.Hold;
import dev.lrplan.contract.StepOutput;
import dev.lrplan.diff.Diff;
import dev.lrplan.diff.TableMove;
import dev.lrplan.finding.Severity;
import java.util.List;
import java.util.Locale;

/** REVIEW.md: what a change-review ticket needs to judge the compiled scripts. */
final class Review {
    private Review() {}

    static String markdown(
            Compiler.Compiled compiled,
            Diff diff,
            Output.Inputs in,
            String manifestSha256,
            java.util.Map<String, String> files) {
        StringBuilder b = new StringBuilder();
        b.append("# Review: ").append(cell(in.planName())).append("\n\n");
        b.append("Source: PostgreSQL ")
                .append(label(diff.sourceMajor()))
                .append(" (")
                .append(in.sourceKind())
                .append(where(in.source()))
                .append(") → target: PostgreSQL ")
                .append(label(diff.targetMajor()))
                .append(" (")
                .append(in.targetKind())
                .append(where(in.target()))
                .append("). Compiled by lrplan ")
                .append(in.toolVersion())
                .append(".\n\n");
        b.append("Strategy: **")
                .append(compiled.strategy())
                .append("**: ")
                .append(compiled.strategyRationale())
                .append(".\n\n");
        b.append("The reviewed folder is the one whose `manifest.json` has SHA-256 `")
                .append(manifestSha256)
                .append(
                        "`. Apply exactly it with:\n\n```\nlrplan apply FOLDER --plan PLAN --expect-manifest ")
                .append(manifestSha256)
                .append("\n```\n\n")
                .append(
                        "Passwords: the subscriptions log in with the connection strings apply passes as psql"
                                + " variables (a password lrplan found in ~/.pgpass or PGPASSWORD included; the"
                                + " preflight steps log in with them first, except under pglogical from a 9.6"
                                + " source and for its rollback path). PostgreSQL keeps a subscription's"
                                + " connection string, password included, in `pg_subscription` until it is"
                                + " dropped: use a dedicated replication role, and change its password after the"
                                + " upgrade.\n\n");
        b.append("## Summary\n\n");
        long shims = diff.tables().stream().mapToLong(t -> t.shims().size()).sum();
        long renames = diff.tables().stream().mapToLong(t -> t.renames().size()).sum();
        long checks = diff.tables().stream().mapToLong(t -> t.checks().size()).sum();
        long identity =
                diff.tables().stream()
                        .filter(t -> t.identityFix().kind() != TableMove.IdentityFix.Kind.NONE)
                        .count();
        long insertOnly =
                diff.tables().stream()
                        .filter(t -> t.publish() == TableMove.Publish.INSERT_ONLY)
                        .count();
        b.append("| what | count |\n|---|---|\n");
        row(b, "tables replicated", diff.tables().size());
        row(b, "drift shim columns", shims);
        row(b, "renamed columns (shim + trigger)", renames);
        row(b, "columns checked on the source", checks);
        row(b, "replica identity changes", identity);
        row(b, "insert-only tables", insertOnly);
        row(b, "sequences synced", diff.sequences().size());
        row(b, "materialized views refreshed", diff.materializedViews().size());
        row(b, "steps", compiled.steps().size());
        for (Severity s : Severity.values()) {
            row(
                    b,
                    "findings: " + s.label(),
                    diff.findings().stream().filter(f -> f.severity() == s).count());
        }
        b.append('\n');
        ClusterChanges.append(b, compiled, diff);
        b.append("\nBinary transfer: ")
                .append(diff.binary() ? "on (identical column types on both sides)" : "off")
                .append(".\n\n");
        RollbackCoverage.append(b, compiled, diff);
        b.append("## Findings\n\n");
        if (diff.findings().isEmpty()) {
            b.append("None.\n\n");
        } else {
            FindingRows.append(b, diff.findings());
        }
        b.append(
                "## Steps\n\n`lrplan apply` waits where a step has a gate, and stops before a step with a hold until the operator"
                        + " confirms it (`--writes-stopped`, `--rollback-window-closed`). **Pause** marks the steps"
                        + " inside the application's write pause. Each step's purpose and SQL are under"
                        + " [The scripts](#the-scripts).\n\n"
                        + "| # | step | on | locks | reads or writes | pause | apply |\n|---|---|---|---|---|---|---|\n");
        // The pause starts with the first step that stops the writes, or needs them stopped
        // (pgbouncer's PAUSE and source-read-only stop them themselves), and ends with the last
        // step that needs them stopped, or with pgbouncer's RESUME, which lets them go on.
        List<Integer> paused =
                compiled.steps().stream()
                        .filter(
                                s ->
                                        s.execution().hold() == Hold.WRITES_STOPPED
                                                || s.execution().hold() == Hold.SWITCHOVER
                                                || s.name().equals("pgbouncer-resume"))
                        .map(Step::number)
                        .toList();
        for (Step s : compiled.steps()) {
            boolean inPause =
                    !paused.isEmpty()
                            && s.number() >= paused.get(0)
                            && s.number() <= paused.get(paused.size() - 1);
            b.append("| ")
                    .append(s.number())
                    .append(" | [")
                    .append(s.name())
                    .append("](")
                    .append(s.fileName())
                    .append(") | ")
                    .append(s.cluster().name().toLowerCase(Locale.ROOT))
                    .append(" | ")
                    .append(s.lockRisk().name().toLowerCase(Locale.ROOT))
                    .append(s.transactional() ? "" : " (no transaction)")
                    .append(" | ")
                    .append(cell(StepIo.of(s)))
                    .append(" | ")
                    .append(inPause ? "**pause**" : "")
                    .append(" | ")
                    .append(applyCell(s.execution()))
                    .append(" |\n");
        }
        if (!paused.isEmpty()) {
            boolean rollback =
                    compiled.steps().stream()
                            .anyMatch(s -> s.name().equals("rollback-subscription"));
            b.append("\nThe write pause: the application writes to neither cluster from step ")
                    .append(paused.get(0))
                    .append(" until step ")
                    .append(paused.get(paused.size() - 1))
                    .append(" has run; then it writes to the new cluster only")
                    .append(
                            rollback
                                    ? ", and the rollback subscription carries each write back to the old one.\n"
                                    : ".\n");
        }
        FlowDiagram.append(b, compiled);
        b.append("\n## What the rollback path does not fully carry\n\n");
        List<TableMove> partial =
                diff.tables().stream().filter(t -> t.publish() != TableMove.Publish.ALL).toList();
        if (!compiledHasRollback(compiled)) {
            b.append("The plan keeps no rollback path (rollback.enabled: false).\n\n");
        } else if (partial.isEmpty()) {
            b.append("Every replicated table goes back whole: inserts, updates and deletes.\n\n");
        } else {
            b.append("| table | what goes back | why |\n|---|---|---|\n");
            for (TableMove t : partial) {
                b.append("| ")
                        .append(cell(t.name().display()))
                        .append(
                                " | INSERT only: UPDATE and DELETE on the new cluster do not reach the old one")
                        .append(" | it has no row identity and is published insert-only |\n");
            }
            b.append('\n');
        }
        HowBack.append(b, compiled);
        if (!compiled.deferredIndexes().isEmpty()) {
            b.append("## Indexes built after the copy\n\n")
                    .append(
                            "replication.defer_indexes: these go before the initial copy and are built again, from the"
                                    + " same parts, once the data is in (step build-indexes). Primary keys, replica"
                                    + " identities, indexes a foreign key depends on, and indexes with expressions,"
                                    + " predicates, INCLUDE, operator classes, orderings, storage options or a"
                                    + " tablespace stay in place during the copy.\n\n")
                    .append("| table | index | kind | method | columns |\n|---|---|---|---|---|\n");
            for (dev.lrplan.compile.shared.DeferredIndexes.Deferred d :
                    compiled.deferredIndexes()) {
                b.append("| ")
                        .append(cell(d.table().name().display()))
                        .append(" | ")
                        .append(cell(d.index().name()))
                        .append(" | ")
                        .append(
                                d.index().constraint()
                                        ? "UNIQUE constraint"
                                        : d.index().unique() ? "unique index" : "index")
                        .append(" | ")
                        .append(cell(d.index().method()))
                        .append(" | ")
                        .append(cell(String.join(", ", d.index().columns())))
                        .append(" |\n");
            }
            b.append('\n');
        }
        b.append("## Dropped options\n\n");
        if (compiled.droppedOptions().isEmpty()) {
            b.append("None: every option the plan asks for is supported on both ends.\n");
        } else {
            b.append("| subscription | option | value | why it was dropped |\n|---|---|---|---|\n");
            for (dev.lrplan.compile.step.DroppedOption d : compiled.droppedOptions()) {
                b.append("| ")
                        .append(cell(d.subscription()))
                        .append(" | ")
                        .append(d.option())
                        .append(" | ")
                        .append(cell(d.value()))
                        .append(" | ")
                        .append(cell(d.reason()))
                        .append(" |\n");
            }
        }
        b.append('\n');
        Scripts.append(b, compiled, files);
        return b.toString();
    }

    /** Database and system identifier as compiled, where the input said them. */
    private static String where(dev.lrplan.contract.Manifest.Identity id) {
        if (id == null || (id.database() == null && id.systemIdentifier() == null)) {
            return "";
        }
        return (id.database() == null
                        ? ""
                        : "; database `" + cell(id.database()).replace("`", "") + "`")
                + (id.systemIdentifier() == null
                        ? ""
                        : "; system identifier " + id.systemIdentifier());
    }

    private static boolean compiledHasRollback(Compiler.Compiled compiled) {
        return compiled.steps().stream().anyMatch(s -> s.phase() == Step.Phase.ROLLBACK);
    }

    private static void row(StringBuilder b, String what, long n) {
        b.append("| ").append(what).append(" | ").append(n).append(" |\n");
    }

    private static String label(int major) {
        return dev.lrplan.catalog.ServerInfo.majorLabel(major);
    }

    /** Text safe in a Markdown table cell. */
    /** What apply does around the step: its gate, its hold, and where a step's output goes. */
    private static String applyCell(Execution x) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (x.gate() != Gate.NONE) {
            parts.add("waits: " + x.gate().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        if (x.hold() != Hold.NONE) {
            parts.add("hold: " + x.hold().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        if (x.output() == StepOutput.TARGET_SQL) {
            parts.add("output runs on the target");
        }
        return parts.isEmpty() ? "" : String.join("; ", parts);
    }

    static String cell(String s) {
        return s.replace("\\", "\\\\")
                .replace("|", "\\|")
                .replace("\r", " ")
                .replace("\n", " ")
                .replace("`", "\\`");
    }
}
