package dev.lrplan.compile.shared;

import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.Model;
import dev.lrplan.compile.step.Step;
import dev.lrplan.compile.step.StepSpec;
import dev.lrplan.contract.Cluster;
import dev.lrplan.sql.Fragment;
import dev.lrplan.sql.Literal;
import java.util.List;

/**
 * lrplan stopping the application's writes itself (switchover.read_only_roles): the application's
 * roles become read-only in the source database at the switchover, their sessions end, and the way
 * back makes them writable again. It is the switchover's go ({@code apply --switchover}), as with
 * pgbouncer, and the final position then holds every write.
 */
public final class ReadOnlySource {
    private ReadOnlySource() {}

    public static void stop(CompileContext c) {
        List<String> roles = c.plan().switchover().readOnlyRoles();
        if (roles.isEmpty()) {
            return;
        }
        c.steps()
                .add(
                        new StepSpec(
                                "source-read-only",
                                Cluster.SOURCE,
                                Step.Phase.SWITCHOVER,
                                true,
                                Step.LockRisk.CATALOG,
                                "Stop the application's writes: make its roles ("
                                        + String.join(", ", roles)
                                        + ") read-only in the source database and end their sessions.",
                                List.of(
                                        "you are ready for the switchover (apply --switchover)",
                                        "the roles exist on the source, and lrplan does not run as one of them",
                                        "lrplan's role may end their sessions (superuser or pg_signal_backend)"),
                                "ALTER ROLE … IN DATABASE … RESET default_transaction_read_only for each"
                                        + " role (the back-read-write step does it)",
                                "source-read-only"),
                        model(roles));
    }

    public static void back(CompileContext c) {
        List<String> roles = c.plan().switchover().readOnlyRoles();
        if (roles.isEmpty()) {
            return;
        }
        c.steps()
                .add(
                        new StepSpec(
                                "back-read-write",
                                Cluster.SOURCE,
                                Step.Phase.ROLLBACK,
                                true,
                                Step.LockRisk.CATALOG,
                                "Going back: the application's roles ("
                                        + String.join(", ", roles)
                                        + ") may write in the source database again.",
                                List.of(
                                        "you are going back to the old cluster (apply --going-back)",
                                        "the old cluster's sequences are past the new one's"
                                                + " (back-sequence-values)"),
                                "run source-read-only again",
                                "back-read-write"),
                        model(roles));
    }

    /**
     * The roles as {@code ARRAY['a', 'b']::text[]}, each a typed literal (as DeferredIndexes does).
     */
    private static java.util.Map<String, Object> model(List<String> roles) {
        return Model.of()
                .put(
                        "roles",
                        Fragment.rule(
                                "ARRAY[%s]::text[]",
                                Fragment.join(", ", roles.stream().map(Literal::of).toList())))
                .build();
    }
}
