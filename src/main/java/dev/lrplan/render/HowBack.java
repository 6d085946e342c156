package dev.lrplan.render;

import dev.lrplan.compile.Compiler;
import dev.lrplan.compile.step.Step;
import java.util.Optional;

/**
 * REVIEW.md's "How back": the way back to the old cluster, as an ordered list of the folder's own
 * steps and the commands that check each stage, for the two moments it can happen: before the point
 * of no return (the forward subscription dropped) and inside the rollback window.
 */
final class HowBack {
    private HowBack() {}

    static void append(StringBuilder b, Compiler.Compiled compiled) {
        b.append("## How back\n\n");
        Optional<Step> drop = step(compiled, "drop-subscription");
        Optional<Step> rollbackSub = step(compiled, "rollback-subscription");
        Optional<Step> closeWindow = step(compiled, "drop-rollback-subscription");
        b.append("**Before step ")
                .append(drop.map(s -> Integer.toString(s.number())).orElse("?"))
                .append(" (")
                .append(
                        "drop-subscription, the point of no return)**: the old cluster is still the")
                .append(
                        " application's; nothing was written to the new one but replicated rows. Going")
                .append(" back is pointing the application at the old cluster again")
                .append(
                        " (or, with pgbouncer, `RESUME`: apply does it itself when a switchover step fails),")
                .append(
                        " then dropping the subscription on the new cluster and the slot and publication on")
                .append(" the old one: the cleanup steps do that.\n\n");
        if (rollbackSub.isEmpty()) {
            b.append(
                    "**After it**: the plan keeps no rollback path (rollback.enabled: false): writes on the new"
                            + " cluster stay there. Going back then means a new migration.\n\n");
            return;
        }
        b.append("**After it, until step ")
                .append(closeWindow.map(s -> Integer.toString(s.number())).orElse("?"))
                .append(" (drop-rollback-subscription) closes the rollback window**: step ")
                .append(rollbackSub.get().number())
                .append(
                        " made the old cluster subscribe to the new one, so every write on the new cluster"
                                + " reaches it (within what \"What the rollback path does not carry\" lists)."
                                + " To go back:\n\n");
        Optional<Step> seqBack = step(compiled, "back-sequence-values");
        String n = closeWindow.map(x -> Integer.toString(x.number())).orElse("?");
        boolean bouncer = step(compiled, "back-pgbouncer-pause").isPresent();
        b.append(
                bouncer
                        ? "1. Nothing to stop by hand: the first step of the way back, back-pgbouncer-pause,"
                                + " pauses the application's pgbouncer entry.\n"
                        : "1. Stop the application's writes to the new cluster.\n");
        b.append(
                "2. Run `lrplan apply FOLDER --plan PLAN --all --going-back`. Step "
                        + seqBack.map(x -> Integer.toString(x.number())).orElse("?")
                        + " (back-sequence-values) first waits until the old cluster has every write of"
                        + " the new one (the rollback path's lag at 0 and no errors; `lrplan status FOLDER"
                        + " --plan PLAN --watch` shows it), then sets each old-cluster sequence past the new"
                        + " cluster's value (+"
                        + margin(compiled)
                        + "): sequences are not replicated. By hand: `psql -X -v ON_ERROR_STOP=1 -f "
                        + seqBack.map(Step::fileName).orElse("?")
                        + " NEW | psql -X -v ON_ERROR_STOP=1 -f - OLD`. apply then stops before step "
                        + n
                        + ".\n");
        b.append(
                bouncer
                        ? "3. back-pgbouncer-repoint writes the entry's old-cluster line into the include file"
                                + " again and reloads pgbouncer; back-pgbouncer-resume lets the application go on,"
                                + " on the old cluster.\n"
                        : "3. Point the application at the old cluster.\n");
        b.append(
                "4. Leave steps "
                        + n
                        + " onwards unapplied until you decide what becomes of the new cluster; they drop the"
                        + " replication between the clusters and the new cluster's shims"
                        + " (`--rollback-window-closed`).\n\n");
        b.append(
                "If you stay on the new cluster instead, `--rollback-window-closed` alone records the"
                        + " back-* steps as skipped in the ledger and goes on with the cleanup.\n\n");
    }

    /** The plan's sequence margin, as the sequence-values step adds it. */
    private static String margin(Compiler.Compiled compiled) {
        return step(compiled, "sequence-values")
                .map(s -> s.model().get("margin"))
                .map(m -> m instanceof dev.lrplan.sql.SqlText t ? t.sql() : String.valueOf(m))
                .orElse("1000");
    }

    private static Optional<Step> step(Compiler.Compiled compiled, String name) {
        return compiled.steps().stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
