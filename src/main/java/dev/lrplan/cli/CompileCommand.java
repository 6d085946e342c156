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

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description =
                    "text or json (default: ${DEFAULT-VALUE}): json prints one document on stdout"
                            + " (steps, every finding, the manifest's SHA-256, the check's diff);"
                            + " errors too.")
    InspectCommand.Format format;

    CompileCommand(Context ctx) {
        this.ctx = ctx;
        this.global = new GlobalOptions(ctx);
    }

    @Override
    public Integer call() throws Exception {
        ctx.json(format == InspectCommand.Format.json);
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
        dev.lrplan.diag.Timings.mark("start");
        Inputs.Both both =
                Inputs.loadBoth(p.source(), p.target(), ctx.env(), p.switchover().sequenceMargin());
        dev.lrplan.diag.Timings.mark("inputs");
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
        boolean json = format == InspectCommand.Format.json;
        java.util.Map<String, Object> doc = json ? document(p, r) : null;
        // One line a finding, or a line and a count for findings that repeat (10,000 columns
        // widened): REVIEW.md lists every subject.
        for (List<Finding> g :
                json
                        ? List.<List<Finding>>of()
                        : dev.lrplan.finding.FindingGroups.of(
                                r.diff().findings().stream()
                                        .filter(
                                                f ->
                                                        f.severity()
                                                                != dev.lrplan.finding.Severity.INFO)
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
            if (json) {
                doc.put("written", false);
                doc.put(
                        "refused",
                        "unsafe findings; nothing written (fix them, or pass --allow-unsafe)");
                ctx.out().println(dev.lrplan.json.Json.write(doc));
                return ExitCode.BLOCKING_FINDINGS;
            }
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
            if (json) {
                doc.put("written", false);
                doc.put(
                        "check",
                        new java.util.TreeMap<>(
                                java.util.Map.of(
                                        "folder", check.toString(),
                                        "matches", diff.isEmpty(),
                                        "diff", diff)));
                ctx.out().println(dev.lrplan.json.Json.write(doc));
                return diff.isEmpty() ? ExitCode.OK : ExitCode.BLOCKING_FINDINGS;
            }
            if (!diff.isEmpty()) {
                ctx.out().print(diff);
                ctx.err().println("lrplan: the compiled output differs from " + check);
                return ExitCode.BLOCKING_FINDINGS;
            }
            ctx.err().println("lrplan: the compiled output matches " + check);
            return ExitCode.OK;
        }
        OutputFolder.write(output, r.files());
        dev.lrplan.diag.Timings.mark("written");
        if (json) {
            doc.put("written", true);
            doc.put("output", output.toString());
            ctx.out().println(dev.lrplan.json.Json.write(doc));
            return ExitCode.OK;
        }
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

    /** The JSON result: what a CI job needs without reading the folder. */
    private static java.util.Map<String, Object> document(Plan p, CompilePipeline.Result r) {
        java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("plan", p.name());
        String manifest = r.files().get("manifest.json");
        doc.put("manifest_sha256", dev.lrplan.render.Output.sha256(manifest));
        doc.put("tables", r.diff().tables().size());
        doc.put("unsafe", r.diff().unsafe());
        doc.put(
                "steps",
                r.compiled().steps().stream()
                        .map(
                                st -> {
                                    java.util.Map<String, Object> m =
                                            new java.util.LinkedHashMap<>();
                                    m.put("number", st.number());
                                    m.put("file", st.fileName());
                                    m.put(
                                            "cluster",
                                            st.cluster().name().toLowerCase(java.util.Locale.ROOT));
                                    m.put(
                                            "phase",
                                            st.phase().name().toLowerCase(java.util.Locale.ROOT));
                                    m.put("transactional", st.transactional());
                                    m.put(
                                            "lock_risk",
                                            st.lockRisk()
                                                    .name()
                                                    .toLowerCase(java.util.Locale.ROOT));
                                    m.put("gate", st.execution().gate().wire());
                                    m.put("hold", st.execution().hold().wire());
                                    m.put("purpose", st.purpose());
                                    m.put(
                                            "sha256",
                                            dev.lrplan.render.Output.sha256(
                                                    r.files().get(st.fileName())));
                                    return m;
                                })
                        .toList());
        doc.put("findings", r.diff().findings().stream().map(Finding::fields).toList());
        return doc;
    }
}
