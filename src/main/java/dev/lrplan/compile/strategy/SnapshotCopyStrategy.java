package dev.lrplan.compile.strategy;

import dev.lrplan.catalog.ServerInfo;
import dev.lrplan.compile.shared.DeferredIndexes;
import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.Names;

/**
 * The native publication and subscription, with the initial copy done by lrplan: a slot created
 * with an exported snapshot, every table copied under that snapshot with parallel COPY, the
 * deferred indexes built after the data, and only then a subscription on that slot with {@code
 * copy_data = false}, which streams what was committed after the slot's consistent point. The
 * application never stops for the copy. Templates: {@code templates/snapshot-copy/}, and the native
 * ones for everything after the copy.
 */
public final class SnapshotCopyStrategy implements Strategy {
    private final NativeStrategy base = new NativeStrategy(false);

    @Override
    public String label() {
        return "snapshot-copy";
    }

    @Override
    public String rationale(int sourceMajor, int targetMajor) {
        return "the source ("
                + ServerInfo.majorLabel(sourceMajor)
                + ") exports a snapshot with its logical slot, so every table is copied under it with"
                + " parallel COPY, secondary indexes are built after the data, and the subscription"
                + " (target "
                + ServerInfo.majorLabel(targetMajor)
                + ") starts streaming at the slot's consistent point, without copying; no write"
                + " stop before the switchover";
    }

    @Override
    public void preflight(CompileContext c) {
        base.preflight(c);
    }

    @Override
    public void publish(CompileContext c) {
        NativePublish.add(c);
        DeferredIndexes.drop(c);
        SnapshotCopy.add(c);
        DeferredIndexes.build(c);
    }

    @Override
    public void subscribe(CompileContext c) {
        NativeStrategy.subscription(c, false, false);
    }

    @Override
    public void monitor(CompileContext c) {
        base.monitor(c);
    }

    @Override
    public void stop(CompileContext c) {
        base.stop(c);
    }

    @Override
    public void rollbackBeforePause(CompileContext c) {
        base.rollbackBeforePause(c);
    }

    @Override
    public void rollback(CompileContext c) {
        base.rollback(c);
    }

    @Override
    public void cleanup(CompileContext c) {
        base.cleanup(c);
    }

    @Override
    public Names names(CompileContext c) {
        return base.names(c);
    }
}
