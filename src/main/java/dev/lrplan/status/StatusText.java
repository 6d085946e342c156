package dev.lrplan.status;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;

/** {@link Status} on one screen. */
public final class StatusText {
    private StatusText() {}

    /** Prints the status; names from the catalogs are shown with control characters escaped. */
    public static void print(Status s, PrintWriter terminal) {
        java.io.StringWriter buffer = new java.io.StringWriter();
        PrintWriter out = new PrintWriter(buffer);
        out.printf("plan %s — subscription %s, slot %s%n", s.plan(), s.subscription(), s.slot());
        if (s.clusters() != null) {
            out.printf("source %s, target %s%n", s.clusters().source(), s.clusters().target());
        }
        out.println();
        if (s.forwardDone()) {
            // After switchover the forward slot and worker are gone by design: say so, not "no
            // slot", and let the rollback path's line below carry the watch.
            out.printf(
                    "forward path: finished at switchover (subscription and slot dropped); the application"
                            + " writes on the target%n");
        }
        Map<String, Integer> byState = new TreeMap<>();
        s.tables().forEach(t -> byState.merge(t.state(), 1, Integer::sum));
        if (!s.forwardDone()) {
            out.printf(
                    "initial sync: %s%n",
                    s.tables().isEmpty()
                            ? "no subscription tables on the target"
                            : s.tables().size()
                                    + " table(s): "
                                    + byState.toString().replaceAll("[{}]", "").replace("=", " "));
            s.tables().stream()
                    .filter(t -> !t.state().equals("ready"))
                    .forEach(t -> out.printf("  %-48s %s%n", t.table(), t.state()));
        }
        Status.Slot slot = s.slotLag();
        if (!s.forwardDone()) {
            out.printf(
                    "slot lag (source): %s%n",
                    !slot.exists()
                            ? "no slot " + s.slot()
                            : (slot.lagBytes() == null
                                            ? "unknown"
                                            : dev.lrplan.diag.Units.bytes(slot.lagBytes()))
                                    + (slot.active() ? ", active" : ", not active"));
            Status.ApplyLag a = s.applyLag();
            out.printf(
                    "apply lag (target): %s%n",
                    a.receivedLsn() == null && !a.running()
                            ? "no apply worker"
                            : "worker "
                                    + (a.running() ? "running" : "stopped")
                                    + ", received "
                                    + a.receivedLsn()
                                    + ", applied "
                                    + a.latestEndLsn()
                                    + (a.secondsSinceLastApply() == null
                                            ? ""
                                            : String.format(
                                                    ", last report %.1f s ago",
                                                    a.secondsSinceLastApply())));
        }
        out.printf(
                "subscription errors: %s%n",
                s.errors() == null
                        ? "not reported by this version (before 15)"
                        : s.errors().applyErrors()
                                + " apply, "
                                + s.errors().syncErrors()
                                + " sync");
        Status.Rollback r = s.rollback();
        if (r != null) {
            out.printf(
                    "rollback path (%s): %s%n",
                    r.subscription(),
                    !r.exists()
                            ? "not yet created (or dropped)"
                            : r.state()
                                    + (r.errors() == null ? "" : ", " + r.errors() + " error(s)")
                                    + (r.slotLagBytes() == null
                                            ? ""
                                            : ", slot lag "
                                                    + dev.lrplan.diag.Units.bytes(
                                                            r.slotLagBytes())));
            if (r.problem() != null) {
                out.printf(
                        "  %s: writes on the new cluster do not reach the old one; read the old cluster's log%n",
                        r.problem());
            }
            r.notCarried()
                    .forEach(
                            n ->
                                    out.printf(
                                            "  %s.%s: %d row(s) hold a value too wide for the old column,"
                                                    + " not copied back%n",
                                            n.table(), n.column(), n.rows()));
        }
        out.printf("sequences (target - source):%n");
        if (s.sequences().isEmpty()) {
            out.println("  none on both clusters");
        }
        s.sequences()
                .forEach(
                        q ->
                                out.printf(
                                        "  %-48s %s%n",
                                        q.sequence(),
                                        q.ahead() == null
                                                ? "not yet used"
                                                : (q.ahead() >= 0 ? "+" : "")
                                                        + q.ahead()
                                                        + (q.ahead() < 0
                                                                ? "  (behind: sync before switchover)"
                                                                : "")));
        if (!s.steps().isEmpty()) {
            out.printf("steps:%n");
            s.steps().forEach(l -> out.printf("  %s [%s] %s%n", l.label(), l.cluster(), l.state()));
            out.printf(
                    "next step: %s%n",
                    s.nextStep() == null ? "none, every step has succeeded" : s.nextStep().label());
        }
        out.flush();
        terminal.print(dev.lrplan.sql.Sql.printableLines(buffer.toString()));
        terminal.flush();
    }
}
