package dev.lrplan.compile.step;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.diff.Diff;
import dev.lrplan.plan.Plan;
import dev.lrplan.sql.Literal;
import java.util.ArrayList;
import java.util.List;

/**
 * What every step builder reads (the plan, its diff, both catalogs) and where it writes (the
 * ordered steps, and the subscription options a strategy had to drop).
 */
public final class CompileContext {
    private final Plan plan;
    private final Diff diff;
    private final Catalog source;
    private final Catalog target;
    private final StepList steps;
    private final List<DroppedOption> dropped = new ArrayList<>();

    public CompileContext(Plan plan, Diff diff, Catalog source, Catalog target) {
        this.plan = plan;
        this.diff = diff;
        this.source = source;
        this.target = target;
        this.steps = new StepList(plan, diff, source, target);
    }

    public Plan plan() {
        return plan;
    }

    public Diff diff() {
        return diff;
    }

    public Catalog source() {
        return source;
    }

    public Catalog target() {
        return target;
    }

    public StepList steps() {
        return steps;
    }

    public void drop(DroppedOption option) {
        dropped.add(option);
    }

    public List<DroppedOption> dropped() {
        return List.copyOf(dropped);
    }

    /** The plan's lock_timeout as a literal, for the steps that take locks. */
    public Literal lockTimeout() {
        return Literal.of(plan.lockTimeout());
    }
}
