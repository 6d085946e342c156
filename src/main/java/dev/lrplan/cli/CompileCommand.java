package dev.lrplan.cli;

import dev.lrplan.finding.Finding;
import dev.lrplan.pipeline.CompilePipeline;
import dev.lrplan.pipeline.Inputs;
import dev.lrplan.pipeline.LoadedCatalog;
import dev.lrplan.plan.Plan;
import dev.lrplan.plan.PlanLoader;
import dev.lrplan.render.OutputFolder;
import dev.lrplan.render.Templates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "compile",
        header = "Compile the plan into psql scripts, manifest.json and REVIEW.md.",
        mixinStandardHelpOptions = true,
        description = {
            "Compile the plan into ordered psql scripts, manifest.json and REVIEW.md.",
            "Refuses (exit 4) while a finding is unsafe, unless --allow-unsafe."
        })
final class CompileCommand implements Callable<Integer> {
    private final Context ctx;

    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "PLAN", description = "The plan (YAML).")
    Path plan;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            description = "The folder to write (replaced as a whole).")
    Path output;

    @Option(
            names = "--check",
            paramLabel = "DIR",
            description =
                    "Compare with an approved folder instead of writing; "
                            + "exit 4 and print the differences when anything differs.")
    Path check;

    @Option(
            names = "--templates",
            paramLabel = "DIR",
            description = "Templates that override the built-in ones by name.")
    Path templates;

    @Option(
            names = "--allow-unsafe",
            description = "Write the scripts even when a finding is unsafe.")
    boolean allowUnsafe;

    CompileCommand(Context ctx) {
        this.ctx = ctx;
        this.global = new GlobalOptions(ctx);
    }

    @Override
    public Integer call() throws Exception {
        if ((output == null) == (check == null)) {
            throw new UsageException("compile needs exactly one of -o DIR or --check DIR");
        }
        if (check == null && output != null) {
            try {
                OutputFolder.ensureReplaceable(output.toAbsolutePath().normalize());
            } catch (OutputFolder.NotOurs e) {
                throw new UsageException(e.getMessage());
            }
        }
        Plan p = PlanLoader.load(plan, ctx.env());
        Inputs.Both both = Inputs.loadBoth(p.source(), p.target(), ctx.env());
        LoadedCatalog source = both.source();
        LoadedCatalog target = both.target();
        target.notes()
                .forEach(n -> ctx.err().println(n.render().replace(": error: ", ": warning: ")));
        Templates t;
        try {
            t = templates == null ? Templates.builtIn() : Templates.withOverrides(templates);
        } catch (Templates.TemplateException e) {
            throw new UsageException(e.getMessage());
        }
        CompilePipeline.Result r;
        try {
            r = CompilePipeline.run(p, source, target, t, VersionProvider.version());
        } catch (Templates.TemplateException e) {
            throw new UsageException(e.getMessage());
        }
        // One line a finding, or a line and a count for findings that repeat (10,000 columns
        // widened): REVIEW.md lists every subject.
        for (List<Finding> g :
                dev.lrplan.finding.FindingGroups.of(
                        r.diff().findings().stream()
                                .filter(f -> f.severity() != dev.lrplan.finding.Severity.INFO)
                                .toList())) {
            Finding f = g.get(0);
            ctx.err()
                    .printf(
                            "%s %s %s%n",
                            f.severity().label(),
                            f.code(),
                            dev.lrplan.sql.Sql.printable(f.message()));
            if (g.size() >= dev.lrplan.finding.FindingGroups.GROUP_FROM) {
                ctx.err()
                        .printf(
                                "  … and %d more %s like it (REVIEW.md lists them all)%n",
                                g.size() - 1, f.code());
            } else {
                for (Finding more : g.subList(1, g.size())) {
                    ctx.err()
                            .printf(
                                    "%s %s %s%n",
                                    more.severity().label(),
                                    more.code(),
                                    dev.lrplan.sql.Sql.printable(more.message()));
                }
            }
        }
        if (r.diff().unsafe() && !allowUnsafe) {
            ctx.err()
                    .println(
                            "lrplan: unsafe findings; nothing written (fix them, or pass --allow-unsafe)");
            return ExitCode.BLOCKING_FINDINGS;
        }
        if (check != null) {
            if (!Files.isDirectory(check)) {
                throw new UsageException("no approved folder at " + check);
            }
            SortedMap<String, String> approved = OutputFolder.read(check);
            String diff = FolderDiff.of(approved, r.files());
            if (!diff.isEmpty()) {
                ctx.out().print(diff);
                ctx.err().println("lrplan: the compiled output differs from " + check);
                return ExitCode.BLOCKING_FINDINGS;
            }
            ctx.err().println("lrplan: the compiled output matches " + check);
            return ExitCode.OK;
        }
        OutputFolder.write(output, r.files());
        // The result on stdout; findings and diagnostics went to stderr.
        ctx.out()
                .printf(
                        "wrote %s: %d steps, %d tables, %d finding(s)%n",
                        output,
                        r.compiled().steps().size(),
                        r.diff().tables().size(),
                        r.diff().findings().size());
        return ExitCode.OK;
    }
}
