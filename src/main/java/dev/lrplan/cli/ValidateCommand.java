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

    @picocli.CommandLine.Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description =
                    "text or json (default: ${DEFAULT-VALUE}); errors too come as JSON on stdout.")
    InspectCommand.Format format;

    @Parameters(index = "0", paramLabel = "PLAN", description = "The plan (YAML).")
    Path plan;

    ValidateCommand(Context ctx) {
        this.ctx = ctx;
        this.global = new GlobalOptions(ctx);
    }

    @Override
    public Integer call() {
        ctx.json(format == InspectCommand.Format.json);
        Plan p = PlanLoader.load(plan, ctx.env());
        if (format == InspectCommand.Format.json) {
            java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
            doc.put("plan", p.name());
            doc.put("valid", true);
            doc.put("source", p.source().kind().name().toLowerCase(java.util.Locale.ROOT));
            doc.put("target", p.target().kind().name().toLowerCase(java.util.Locale.ROOT));
            doc.put(
                    "strategy",
                    p.replication()
                            .strategy()
                            .name()
                            .toLowerCase(java.util.Locale.ROOT)
                            .replace('_', '-'));
            ctx.out().println(dev.lrplan.json.Json.write(doc));
            return ExitCode.OK;
        }
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
