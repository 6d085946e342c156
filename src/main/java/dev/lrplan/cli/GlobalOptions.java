package dev.lrplan.cli;

import picocli.CommandLine.Option;

/** Options every command takes. */
final class GlobalOptions {
    private final Context ctx;

    GlobalOptions(Context ctx) {
        this.ctx = ctx;
    }

    @Option(
            names = {"-v", "--verbose"},
            description = "Show details (stack traces, queries) on failure.")
    void verbose(boolean value) {
        ctx.verbose(value);
    }
}
