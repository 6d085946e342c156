package dev.lrplan.cli;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.catalog.Snapshots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "snapshot",
        header = "Write a cluster's catalog as JSON.",
        mixinStandardHelpOptions = true,
        description = {
            "Write a cluster's catalog as JSON: the same database gives the same bytes.",
            "Later commands accept the file wherever they accept a live URL."
        })
final class SnapshotCommand implements Callable<Integer> {
    private final Context ctx;

    @Mixin GlobalOptions global;

    @picocli.CommandLine.ArgGroup(exclusive = false, multiplicity = "1")
    CatalogOptions catalog = new CatalogOptions();

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            required = true,
            description = "Where to write the snapshot ('-' for standard output).")
    String output;

    SnapshotCommand(Context ctx) {
        this.ctx = ctx;
        this.global = new GlobalOptions(ctx);
    }

    @Override
    public Integer call() {
        Catalog c = catalog.load(ctx.env());
        if (output.equals("-")) {
            ctx.out().print(Snapshots.toJson(c));
            ctx.out().flush();
            return ExitCode.OK;
        }
        try {
            Snapshots.write(c, Path.of(output));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output, e);
        }
        ctx.err()
                .println(
                        "wrote "
                                + output
                                + ": "
                                + c.tables().size()
                                + " tables, "
                                + c.sequences().size()
                                + " sequences");
        return ExitCode.OK;
    }
}
