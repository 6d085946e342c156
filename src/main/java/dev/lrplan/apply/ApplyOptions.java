package dev.lrplan.apply;

import dev.lrplan.db.ConnInfo;
import java.util.Set;

/**
 * Everything one apply run needs.
 *
 * @param quiet one line per step and the gates' progress, without the scripts' results and notices
 * @param resumeSubscription enable the forward subscription again first (after disable_on_error
 *     disabled it), as an action recorded in the ledger
 * @param switchoverTrigger wait at the write pause for SIGUSR1 and/or a file; null: do not wait
 * @param pgbouncer pgbouncer's admin console, for a folder with pgbouncer steps; null: none given
 * @param invocation the command line apply was started with (secrets redacted), so that every hint
 *     it prints is a command that runs as printed; null: a generic one
 * @param json a dry run's answer as one JSON document on stdout
 */
public record ApplyOptions(
        ConnInfo source,
        ConnInfo target,
        StepSelection selection,
        boolean dryRun,
        Set<Confirmation> confirmed,
        Gates.Limits limits,
        boolean terminal,
        boolean quiet,
        boolean resumeSubscription,
        CopySettings copy,
        SwitchoverTrigger switchoverTrigger,
        ConnInfo pgbouncer,
        String invocation,
        boolean json) {
    public ApplyOptions(
            ConnInfo source,
            ConnInfo target,
            StepSelection selection,
            boolean dryRun,
            Set<Confirmation> confirmed,
            Gates.Limits limits,
            boolean terminal,
            boolean quiet,
            boolean resumeSubscription,
            CopySettings copy) {
        this(
                source,
                target,
                selection,
                dryRun,
                confirmed,
                limits,
                terminal,
                quiet,
                resumeSubscription,
                copy,
                null,
                null,
                null,
                false);
    }

    /** The command to run again, with one more flag. */
    public String again(Folder folder, String flag) {
        return invocation != null
                ? invocation + " " + flag
                : "lrplan apply " + folder.dir() + " --plan PLAN " + flag;
    }
}
