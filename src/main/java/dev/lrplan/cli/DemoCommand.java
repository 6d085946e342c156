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
        mixinStandardHelpOptions = true,
        description = {
            "Run the reference upgrade end to end on embedded PostgreSQL 13 and 16: create the old schema",
            "with data and the new schema, compile the example plan, apply every step while an application",
            "writes, switch over, verify, show the rollback path and clean up. Needs nothing but Java.",
            "Exits 0 only if every verification passed."
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
        boolean ok =
                Demo.run(
                        output,
                        VersionProvider.version(),
                        ctx.out(),
                        ctx.err(),
                        System.console() != null);
        return ok ? ExitCode.OK : ExitCode.INTERNAL;
    }
}
