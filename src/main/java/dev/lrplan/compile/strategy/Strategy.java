package dev.lrplan.compile.strategy;

import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.Names;

/**
 * How rows move from the old cluster to the new one, and back on rollback. The compiler calls a
 * strategy at each of its points in the step order; everything between them (target schema, data
 * checks, switchover preparation, final position, sequences, drift cleanup, user steps) is shared
 * and does not know which strategy runs. A strategy owns its templates (under {@code
 * templates/<strategy>/}) and its version capabilities.
 */
public interface Strategy {
    /** As the plan names it. */
    String label();

    /** For REVIEW.md: why this strategy fits these two versions. */
    String rationale(int sourceMajor, int targetMajor);

    /** Checks on both clusters before anything is created. */
    void preflight(CompileContext c);

    /** Make the source's tables publishable and publish them. */
    void publish(CompileContext c);

    /** Subscribe the target and start the initial copy. */
    void subscribe(CompileContext c);

    /** Steps that show progress; apply's gates wait on them. */
    void monitor(CompileContext c);

    /**
     * At switchover, after the final position and sequences: stop replicating from the old cluster.
     */
    void stop(CompileContext c);

    /**
     * Before the write pause, what the rollback path can have ready without reading anything yet
     * (the rollback publication); nothing by default.
     */
    default void rollbackBeforePause(CompileContext c) {}

    /** Replicate the new cluster back to the old one, without copying. */
    void rollback(CompileContext c);

    /**
     * After the rollback window: remove every replication object of this plan from both clusters.
     */
    void cleanup(CompileContext c);

    /** The objects apply and status watch. */
    Names names(CompileContext c);
}
