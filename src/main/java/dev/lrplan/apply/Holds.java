package dev.lrplan.apply;

import dev.lrplan.contract.Hold;
import dev.lrplan.contract.Manifest.Entry;
import java.util.Set;

/**
 * Where apply stops for the operator's word, what it says there (the command to run next, as run
 * plus the word), and the steps of the way back it records as skipped when the rollback window
 * closes without going back.
 */
final class Holds {
    private final Folder manifest;
    private final ApplyOptions options;

    /** The words given so far: on the command line, or while apply waited (it grows). */
    private final Set<Confirmation> confirmed;

    Holds(Folder manifest, ApplyOptions options, Set<Confirmation> confirmed) {
        this.manifest = manifest;
        this.options = options;
        this.confirmed = confirmed;
    }

    /**
     * A step of the way back, passed over: the window closed (--rollback-window-closed) without
     * --going-back.
     */
    boolean skipped(Entry e) {
        return e.goingBack()
                && !confirmed.contains(Confirmation.GOING_BACK)
                && confirmed.contains(Confirmation.ROLLBACK_WINDOW_CLOSED);
    }

    /** Why apply stops before this step, with the command that goes on; null: it does not. */
    String message(Entry e) {
        if (e.hold() == Hold.SWITCHOVER && !confirmed.contains(Confirmation.SWITCHOVER)) {
            return "\nstopping before "
                    + e.label()
                    + (e.name().equals("source-read-only")
                            ? ": it makes the application's roles read-only on the source (their"
                                    + " sessions end) and switches over."
                            : ": it pauses the application's writes in pgbouncer and switches over.")
                    + "\nWhen you are ready, run: "
                    + options.again(manifest, "--switchover");
        }
        if (e.hold() == Hold.WRITES_STOPPED && !confirmed.contains(Confirmation.WRITES_STOPPED)) {
            return "\nstopping before "
                    + e.label()
                    + ": it needs the application to have stopped writing to the source."
                    + "\nStop the writes, then run: "
                    + options.again(manifest, "--writes-stopped");
        }
        if (e.hold() == Hold.GOING_BACK
                && !confirmed.contains(Confirmation.GOING_BACK)
                && !confirmed.contains(Confirmation.ROLLBACK_WINDOW_CLOSED)) {
            return "\nstopping before "
                    + e.label()
                    + ": the rollback window is open, and the steps from here go back to the old"
                    + " cluster."
                    + "\nTo go back: stop the application's writes to the new cluster, then run: "
                    + options.again(manifest, "--going-back")
                    + "\nTo stay on the new cluster once the window is over (the steps that go back are"
                    + " then skipped, and the rollback path removed): "
                    + options.again(manifest, "--rollback-window-closed");
        }
        if (e.hold() == Hold.ROLLBACK_WINDOW_CLOSED
                && !confirmed.contains(Confirmation.ROLLBACK_WINDOW_CLOSED)) {
            return "\nstopping before "
                    + e.label()
                    + ": it removes the way back to the old cluster."
                    + "\nWhen the rollback window is over, run: "
                    + options.again(manifest, "--rollback-window-closed");
        }
        return null;
    }
}
