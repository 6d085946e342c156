package dev.lrplan.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code lrplan completion}: the bash (and zsh, through bashcompinit) completion script, from
 * picocli's own generator run on the live command tree, so it always matches the options.
 */
@Command(
        name = "completion",
        header = "Print the shell completion script for bash and zsh.",
        mixinStandardHelpOptions = true,
        description = {
            "Print a completion script for lrplan's commands and options. Load it with:",
            "  source <(lrplan completion)      (bash; zsh after autoload -U bashcompinit && bashcompinit)",
            "or save it as /etc/bash_completion.d/lrplan."
        })
final class CompletionCommand implements Callable<Integer> {
    private final Context ctx;

    @Spec CommandLine.Model.CommandSpec spec;

    CompletionCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        CommandLine root = spec.commandLine().getParent();
        ctx.out().print(AutoComplete.bash("lrplan", root));
        ctx.out().flush();
        return ExitCode.OK;
    }
}
