package dev.lrplan.cli;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.finding.Finding;
import dev.lrplan.inspect.Readiness;
import dev.lrplan.inspect.ReportFormat;
import dev.lrplan.inspect.Role;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "inspect",
        header = "Tell whether a cluster can publish or subscribe.",
        mixinStandardHelpOptions = true,
        description = {
            "Tell whether a cluster can serve as a logical replication source or target.",
            "Exits 4 when a finding blocks."
        })
final class InspectCommand implements Callable<Integer> {
    private final Context ctx;

    @Mixin GlobalOptions global;

    @picocli.CommandLine.ArgGroup(exclusive = false, multiplicity = "1")
    CatalogOptions catalog = new CatalogOptions();

    @Option(
            names = "--role",
            paramLabel = "ROLE",
            description = "source or target (default: ${DEFAULT-VALUE}).",
            defaultValue = "source",
            converter = RoleConverter.class)
    Role role;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "text or json (default: ${DEFAULT-VALUE}).",
            defaultValue = "text")
    Format format;

    enum Format {
        text,
        json
    }

    InspectCommand(Context ctx) {
        this.ctx = ctx;
        this.global = new GlobalOptions(ctx);
    }

    @Override
    public Integer call() {
        ctx.json(format == Format.json);
        Catalog c = catalog.load(ctx.env());
        if (c.serverInfo().isEmpty()) {
            throw new UsageException(
                    "inspect needs a catalog read from a server; this snapshot has no server facts");
        }
        List<Finding> findings = Readiness.assess(c, role);
        ctx.out()
                .print(
                        format == Format.json
                                ? ReportFormat.json(c, role, findings)
                                : ReportFormat.text(c, role, findings));
        ctx.out().flush();
        return Readiness.blocks(findings) ? ExitCode.BLOCKING_FINDINGS : ExitCode.OK;
    }

    static final class RoleConverter implements picocli.CommandLine.ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            return switch (value) {
                case "source" -> Role.SOURCE;
                case "target" -> Role.TARGET;
                default ->
                        throw new picocli.CommandLine.TypeConversionException(
                                "expected source or target, not '" + value + "'");
            };
        }
    }
}
