package dev.lrplan.render;

import dev.lrplan.compile.Compiler;
import dev.lrplan.compile.step.Step;
import dev.lrplan.contract.Gate;
import dev.lrplan.contract.Hold;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * REVIEW.md's flow as a Mermaid diagram with a lane per cluster (and pgbouncer's console): each
 * step in its cluster's lane, in order; where apply waits (a gate) and where it stops for the
 * operator (a hold) drawn on the arrow into the step; the point of no return (the forward
 * subscription dropped) marked; the rollback path and the cleanup after the rollback window styled
 * apart, so the way back is visible as a branch.
 */
final class FlowDiagram {
    private FlowDiagram() {}

    static void append(StringBuilder b, Compiler.Compiled compiled) {
        List<Step> steps = compiled.steps();
        b.append("\n## Flow\n\n```mermaid\nflowchart TB\n");
        for (dev.lrplan.contract.Cluster lane : dev.lrplan.contract.Cluster.values()) {
            List<Step> in = steps.stream().filter(s -> s.cluster() == lane).toList();
            if (in.isEmpty()) {
                continue;
            }
            String name = lane.name().toLowerCase(Locale.ROOT);
            b.append("  subgraph ")
                    .append(name)
                    .append("[\"")
                    .append(
                            switch (lane) {
                                case SOURCE -> "source: the old cluster";
                                case TARGET -> "target: the new cluster";
                                case PGBOUNCER -> "pgbouncer's admin console";
                            })
                    .append("\"]\n");
            for (Step s : in) {
                b.append("    s")
                        .append(s.number())
                        .append("[\"")
                        .append(String.format("%02d", s.number()))
                        .append(' ')
                        .append(s.name())
                        .append(s.name().equals("drop-subscription") ? " (point of no return)" : "")
                        .append("\"]\n");
            }
            b.append("  end\n");
        }
        Step branchStart = null;
        for (int i = 1; i < steps.size(); i++) {
            Step next = steps.get(i);
            List<String> label = new ArrayList<>();
            // A hold stops apply once, before the first step that needs it; the steps after it
            // under the same word follow without a stop.
            if (next.execution().hold() != Hold.NONE
                    && next.execution().hold() != steps.get(i - 1).execution().hold()) {
                label.add(
                        "hold: "
                                + next.execution()
                                        .hold()
                                        .name()
                                        .toLowerCase(Locale.ROOT)
                                        .replace('_', '-'));
            }
            if (next.execution().gate() != Gate.NONE) {
                label.add(
                        "waits: "
                                + next.execution()
                                        .gate()
                                        .name()
                                        .toLowerCase(Locale.ROOT)
                                        .replace('_', ' '));
            }
            Step prev = steps.get(i - 1);
            boolean intoBranch = back(next) && !back(prev);
            arrow(b, prev, next, label, intoBranch ? " -.->" : " -->");
            if (back(prev) && !back(next)) {
                // The window closing without going back: the back-* steps are skipped.
                Step before = branchStart;
                List<String> skip = new ArrayList<>(label);
                skip.add("back steps skipped");
                arrow(b, before, next, skip, " -->");
            }
            if (intoBranch) {
                branchStart = prev;
            }
        }
        List<String> noReturn = new ArrayList<>();
        List<String> rollback = new ArrayList<>();
        List<String> cleanup = new ArrayList<>();
        for (Step s : steps) {
            if (s.name().equals("drop-subscription")) {
                noReturn.add("s" + s.number());
            } else if (s.phase() == Step.Phase.ROLLBACK) {
                rollback.add("s" + s.number());
            } else if (s.phase() == Step.Phase.CLEANUP) {
                cleanup.add("s" + s.number());
            }
        }
        b.append("  classDef noReturn fill:#fdd,stroke:#c00,stroke-width:2px\n");
        b.append("  classDef rollback fill:#def,stroke:#36c\n");
        b.append("  classDef cleanup stroke-dasharray:4 3\n");
        style(b, noReturn, "noReturn");
        style(b, rollback, "rollback");
        style(b, cleanup, "cleanup");
        b.append("```\n\n")
                .append(
                        "Lanes are the clusters; an arrow's label is where apply waits (a gate) or stops for"
                                + " your word (a hold). Red: the point of no return. Blue: the rollback path,"
                                + " which carries the new cluster's writes back until the cleanup (dashed) drops"
                                + " it; the dotted arrow is the way back, taken only with --going-back.\n");
    }

    /** A step of the way back, run only on the operator's word (a dotted branch). */
    private static boolean back(Step s) {
        return s.execution().hold() == Hold.GOING_BACK;
    }

    private static void arrow(
            StringBuilder b, Step from, Step to, List<String> label, String kind) {
        b.append("  s").append(from.number()).append(kind);
        if (!label.isEmpty()) {
            b.append("|\"").append(String.join("; ", label)).append("\"|");
        }
        b.append(" s").append(to.number()).append('\n');
    }

    private static void style(StringBuilder b, List<String> nodes, String cls) {
        if (!nodes.isEmpty()) {
            b.append("  class ")
                    .append(String.join(",", nodes))
                    .append(' ')
                    .append(cls)
                    .append('\n');
        }
    }
}
