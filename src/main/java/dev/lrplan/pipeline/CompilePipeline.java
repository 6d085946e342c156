package dev.lrplan.pipeline;

import dev.lrplan.compile.Compiler;
import dev.lrplan.diff.Diff;
import dev.lrplan.diff.Differ;
import dev.lrplan.plan.Plan;
import dev.lrplan.render.Output;
import dev.lrplan.render.Templates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.SortedMap;

/** The compile pipeline as its list of stages: load, diff, compile, render. */
public final class CompilePipeline {
    private CompilePipeline() {}

    /** Everything one compile produced. */
    public record Result(
            Diff diff,
            Compiler.Compiled compiled,
            SortedMap<String, String> files,
            LoadedCatalog source,
            LoadedCatalog target) {}

    public static Diff diff(Plan plan, LoadedCatalog source, LoadedCatalog target) {
        return Differ.diff(plan, source.catalog(), target.catalog());
    }

    public static Result run(
            Plan plan,
            LoadedCatalog source,
            LoadedCatalog target,
            Templates templates,
            String toolVersion) {
        Diff diff = diff(plan, source, target);
        dev.lrplan.diag.Timings.mark("diff");
        Compiler.Compiled compiled =
                Compiler.compile(plan, diff, source.catalog(), target.catalog());
        dev.lrplan.diag.Timings.mark("compile");
        Output.Inputs inputs =
                new Output.Inputs(
                        plan.name(),
                        planHash(plan),
                        source.kind(),
                        source.sha256(),
                        target.kind(),
                        target.sha256(),
                        identity(source, diff.sourceMajor()),
                        identity(target, diff.targetMajor()),
                        toolVersion);
        return new Result(
                diff, compiled, Output.render(compiled, diff, inputs, templates), source, target);
    }

    private static dev.lrplan.contract.Manifest.Identity identity(LoadedCatalog c, int major) {
        return c.catalog()
                .serverInfo()
                .map(
                        s ->
                                new dev.lrplan.contract.Manifest.Identity(
                                        major, s.systemIdentifier(), s.database()))
                .orElse(new dev.lrplan.contract.Manifest.Identity(major, null, null));
    }

    private static String planHash(Plan plan) {
        try {
            return Output.sha256(Files.readAllBytes(plan.file()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
