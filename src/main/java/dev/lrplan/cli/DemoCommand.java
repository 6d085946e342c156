package dev.lrplan.cli;

import dev.lrplan.demo.Demo;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lrplan demo}: the whole upgrade on two embedded clusters, needing nothing but the jar. */
@Command(
        name = "demo",
        header = "Rehearse the example plan on embedded PostgreSQL 13 and 16.",
        mixinStandardHelpOptions = true,
        description = {
            "Rehearse the example plan (the reference 13 -> 16 upgrade) on embedded PostgreSQL 13 and 16:",
            "the same run as lrplan rehearse, on the example's schemas. Needs nothing but Java.",
            "Exits 0 only if every phase passed."
        })
final class DemoCommand implements Callable<Integer> {
    private final Context ctx;

    @Mixin GlobalOptions global;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            defaultValue = "lrplan-demo",
            description =
                    "Where to write the plan and the compiled folder (default: ${DEFAULT-VALUE}).")
    Path output;

    DemoCommand(Context ctx) {
        this.ctx = ctx;
        this.global = new GlobalOptions(ctx);
    }

    @Override
    public Integer call() throws Exception {
        boolean ok = Demo.run(output, VersionProvider.version(), ctx.out(), ctx.env());
        return ok ? ExitCode.OK : ExitCode.REHEARSAL_FAILED;
    }
}
