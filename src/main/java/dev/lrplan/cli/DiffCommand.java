package dev.lrplan.cli;

import dev.lrplan.diff.Diff;
import dev.lrplan.finding.Finding;
import dev.lrplan.pipeline.CompilePipeline;
import dev.lrplan.pipeline.Inputs;
import dev.lrplan.plan.Plan;
import dev.lrplan.plan.PlanLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "diff",
        header = "Print the findings between the plan's source and target.",
        mixinStandardHelpOptions = true,
        description = {
            "Compare the plan's source and target catalogs and print the findings only.",
            "Exits 4 when a finding is unsafe (for CI gating)."
        })
final class DiffCommand implements Callable<Integer> {
    private final Context ctx;

    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "PLAN", description = "The plan (YAML).")
    Path plan;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    InspectCommand.Format format;

    DiffCommand(Context ctx) {
        this.ctx = ctx;
        this.global = new GlobalOptions(ctx);
    }

    @Override
    public Integer call() throws Exception {
        ctx.json(format == InspectCommand.Format.json);
        Plan p = PlanLoader.load(plan, ctx.env());
        Inputs.Both both =
                Inputs.loadBoth(p.source(), p.target(), ctx.env(), p.switchover().sequenceMargin());
        Diff d = CompilePipeline.diff(p, both.source(), both.target());
        if (format == InspectCommand.Format.json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("plan", p.name());
            doc.put("unsafe", d.unsafe());
            doc.put("findings", d.findings().stream().map(Finding::fields).toList());
            ctx.out().print(dev.lrplan.json.Json.write(new java.util.TreeMap<>(doc)) + "\n");
        } else {
            for (Finding f : d.findings()) {
                ctx.out()
                        .printf(
                                "%-7s %s %-30s %s%n",
                                f.severity().label(),
                                f.code(),
                                f.code().slug(),
                                dev.lrplan.sql.Sql.printable(f.message()));
                // As inspect shows it: what to do, under each finding.
                ctx.out().printf("%35s remedy: %s%n", "", dev.lrplan.sql.Sql.printable(f.remedy()));
            }
            ctx.out().println(d.findings().size() + " finding(s)" + (d.unsafe() ? ": UNSAFE" : ""));
        }
        ctx.out().flush();
        return d.unsafe() ? ExitCode.BLOCKING_FINDINGS : ExitCode.OK;
    }
}
