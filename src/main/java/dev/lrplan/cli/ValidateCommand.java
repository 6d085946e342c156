package dev.lrplan.cli;

import dev.lrplan.plan.Plan;
import dev.lrplan.plan.PlanLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "validate",
        header = "Check a plan file.",
        mixinStandardHelpOptions = true,
        description =
                "Check a plan file: every problem is reported as FILE:LINE:COL: error: message.")
final class ValidateCommand implements Callable<Integer> {
    private final Context ctx;

    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "PLAN", description = "The plan (YAML).")
    Path plan;

    ValidateCommand(Context ctx) {
        this.ctx = ctx;
        this.global = new GlobalOptions(ctx);
    }

    @Override
    public Integer call() {
        Plan p = PlanLoader.load(plan, ctx.env());
        ctx.out()
                .println(
                        plan
                                + ": ok: plan '"
                                + p.name()
                                + "', source "
                                + p.source()
                                + ", target "
                                + p.target()
                                + ", strategy "
                                + p.replication()
                                        .strategy()
                                        .name()
                                        .toLowerCase(java.util.Locale.ROOT)
                                        .replace('_', '-'));
        return ExitCode.OK;
    }
}
