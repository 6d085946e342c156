package dev.lrplan.compile.step;

import dev.lrplan.contract.Cluster;
import dev.lrplan.contract.Execution;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One script of the compiled plan, with its metadata decided once, here: where it runs, in which
 * phase, whether psql may run it in a transaction, how much it locks, and how to undo it.
 *
 * @param template the Mustache template that renders it (from templates/, or the user's
 *     --templates)
 * @param model the template's values, every identifier and literal already quoted
 */
public record Step(
        int number,
        String name,
        Cluster cluster,
        Phase phase,
        boolean transactional,
        LockRisk lockRisk,
        String purpose,
        List<String> preconditions,
        String undo,
        String template,
        Map<String, Object> model) {
    public Step {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(lockRisk, "lockRisk");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(undo, "undo");
        Objects.requireNonNull(template, "template");
        preconditions = List.copyOf(preconditions);
        model = Map.copyOf(model);
        if (!name.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException(
                    "step names are lower-case words joined by '-': " + name);
        }
    }

    /** {@code NN-name.cluster.sql} */
    public String fileName() {
        return String.format(
                "%02d-%s.%s.sql", number, name, cluster.name().toLowerCase(java.util.Locale.ROOT));
    }

    public enum Phase {
        PREFLIGHT,
        SCHEMA,
        CHECK,
        PUBLISH,
        SYNC,
        MONITOR,
        SWITCHOVER,
        ROLLBACK,
        CLEANUP,
        USER
    }

    /**
     * NONE: reads only; CATALOG: brief catalog locks; TABLE: ACCESS EXCLUSIVE on application
     * tables.
     */
    public enum LockRisk {
        NONE,
        CATALOG,
        TABLE
    }

    /** What {@code lrplan apply} does around the script; the manifest records it. */
    public Execution execution() {
        return Execution.of(name);
    }
}
