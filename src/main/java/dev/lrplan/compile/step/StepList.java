package dev.lrplan.compile.step;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.catalog.ServerInfo;
import dev.lrplan.contract.Cluster;
import dev.lrplan.diag.Diagnostic;
import dev.lrplan.diag.DiagnosticException;
import dev.lrplan.diff.Diff;
import dev.lrplan.plan.Plan;
import dev.lrplan.sql.CommentText;
import dev.lrplan.sql.Fragment;
import dev.lrplan.sql.Literal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The compiled steps in order. Adding a step numbers it, gives its template the header, the
 * wrong-cluster guard and a dollar-quote tag none of its values contain, and places the plan's own
 * user steps right after the step they name.
 */
public final class StepList {
    private final Plan plan;
    private final Diff diff;
    private final Catalog source;
    private final Catalog target;
    private final List<Step> steps = new ArrayList<>();
    private final Set<Plan.ExtraStep> placed = new HashSet<>();

    StepList(Plan plan, Diff diff, Catalog source, Catalog target) {
        this.plan = plan;
        this.diff = diff;
        this.source = source;
        this.target = target;
    }

    public void add(StepSpec spec, Map<String, Object> model) {
        int number = steps.size() + 1;
        Step draft =
                new Step(
                        number,
                        spec.name(),
                        spec.cluster(),
                        spec.phase(),
                        spec.transactional(),
                        spec.lock(),
                        spec.purpose(),
                        spec.preconditions(),
                        spec.undo(),
                        spec.template(),
                        Map.of());
        // The tag of the step's own DO blocks: one that no value of the step contains, so no name
        // can end the block.
        Model m =
                Model.of()
                        .putAll(model)
                        .putAll(header(draft))
                        .putAll(guard(spec.cluster(), draft.fileName()))
                        .putAll(targetGuard(spec.cluster(), draft.fileName()))
                        .put("doTag", Fragment.dollarTag("lrplan", Model.textsHold(model)));
        steps.add(
                new Step(
                        number,
                        spec.name(),
                        spec.cluster(),
                        spec.phase(),
                        spec.transactional(),
                        spec.lock(),
                        spec.purpose(),
                        spec.preconditions(),
                        spec.undo(),
                        spec.template(),
                        m.build()));
        // User steps follow the step they name; after both preflights, they follow the target's.
        if (!spec.name().startsWith("user-")
                && !(spec.name().equals("preflight") && spec.cluster() == Cluster.SOURCE)) {
            UserSteps.add(this, plan, placed, spec.name());
        }
    }

    public List<Step> all() {
        return List.copyOf(steps);
    }

    /**
     * Every user step must have found its place: one that names a step this plan lacks is an error,
     * not dropped.
     */
    public void requireUserStepsPlaced() {
        List<String> unplaced =
                plan.extraSteps().stream()
                        .filter(e -> !placed.contains(e))
                        .map(e -> e.file().getFileName() + " (after: " + e.after() + ")")
                        .toList();
        if (!unplaced.isEmpty()) {
            throw new DiagnosticException(
                    List.of(
                            Diagnostic.ofFile(
                                    plan.file().toString(),
                                    "extra_steps: "
                                            + String.join(", ", unplaced)
                                            + " follow(s) a step this plan does not have (is the rollback path"
                                            + " disabled?); choose a step that the compiled folder lists")));
        }
    }

    private static Map<String, Object> header(Step s) {
        return Model.of()
                .put("file", CommentText.of(s.fileName()))
                .put("purpose", CommentText.of(s.purpose()))
                .put("clusterName", CommentText.of(s.cluster().name().toLowerCase(Locale.ROOT)))
                .put(
                        "runsOn",
                        CommentText.of(
                                s.cluster() == Cluster.PGBOUNCER
                                        ? "pgbouncer's admin console (database pgbouncer)"
                                        : "the "
                                                + s.cluster().name().toLowerCase(Locale.ROOT)
                                                + " cluster"))
                .put("preconditions", s.preconditions().stream().map(CommentText::of).toList())
                .put(
                        "transactional",
                        CommentText.of(
                                s.transactional()
                                        ? "yes"
                                        : "no (runs statement by statement, outside a transaction block)"))
                .put(
                        "lockRisk",
                        CommentText.of(
                                switch (s.lockRisk()) {
                                    case NONE -> "none";
                                    case CATALOG -> "brief catalog locks";
                                    case TABLE ->
                                            "ACCESS EXCLUSIVE on the tables named (lock_timeout bounds the wait)";
                                }))
                .put("undo", CommentText.of(s.undo()))
                .build();
    }

    private Map<String, Object> guard(Cluster cluster, String file) {
        Catalog c = cluster == Cluster.SOURCE ? source : target;
        int major = cluster == Cluster.SOURCE ? diff.sourceMajor() : diff.targetMajor();
        Optional<ServerInfo> s = c.serverInfo();
        String sysid = s.map(ServerInfo::systemIdentifier).orElse(null);
        String db = s.map(ServerInfo::database).orElse(null);
        Literal fileLit = Literal.of(file);
        return Model.of()
                .put("guardMajor", Fragment.number(major))
                .put("guardMajorLabel", Literal.of(ServerInfo.majorLabel(major)))
                .put("guardCluster", Literal.of(cluster.name().toLowerCase(Locale.ROOT)))
                .put("guardFile", fileLit)
                .put("guardDatabase", Optional.ofNullable(db).map(Literal::of))
                .put("guardSystemIdentifier", Optional.ofNullable(sysid).map(Literal::of))
                .put(
                        "guardTag",
                        Fragment.dollarTag(
                                "lrplan_guard",
                                fileLit.sql(),
                                db == null ? "" : Literal.of(db).sql()))
                .build();
    }

    /**
     * For a step that prints SQL for the other cluster: that cluster's guard, as the values of the
     * same {@code _guard_do} partial, under {@code targetGuard} (a source step's) or {@code
     * sourceGuard} (a target step's), with a dollar tag to print it by.
     */
    private Map<String, Object> targetGuard(Cluster cluster, String file) {
        if (cluster == Cluster.PGBOUNCER) {
            return Map.of();
        }
        // A target step that prints SQL for the source (the way back) has the source's.
        Cluster other = cluster == Cluster.SOURCE ? Cluster.TARGET : Cluster.SOURCE;
        String key = other == Cluster.TARGET ? "targetGuard" : "sourceGuard";
        Map<String, Object> g = guard(other, "the output of " + file);
        return Model.of()
                .put(key, List.of(g))
                .put(
                        key + "Quote",
                        Fragment.dollarTag(
                                "lrplan_"
                                        + (other == Cluster.TARGET ? "target" : "source")
                                        + "_guard",
                                g.values().toString()))
                .build();
    }
}
