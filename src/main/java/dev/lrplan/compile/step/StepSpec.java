package dev.lrplan.compile.step;

import dev.lrplan.contract.Cluster;
import java.util.List;

/**
 * What a step is, apart from its SQL: its name, where it runs, its phase, whether psql may run it
 * in a transaction, its lock risk, its purpose, preconditions and undo, and the template that
 * renders it.
 */
public record StepSpec(
        String name,
        Cluster cluster,
        Step.Phase phase,
        boolean transactional,
        Step.LockRisk lock,
        String purpose,
        List<String> preconditions,
        String undo,
        String template) {
    public StepSpec {
        preconditions = List.copyOf(preconditions);
    }
}
