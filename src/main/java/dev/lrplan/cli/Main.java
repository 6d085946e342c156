package dev.lrplan.cli;

import dev.lrplan.apply.ApplyException;
import dev.lrplan.db.Secrets;
import dev.lrplan.diag.DatabaseException;
import dev.lrplan.diag.Diagnostic;
import dev.lrplan.diag.DiagnosticException;
import dev.lrplan.sql.Sql;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/**
 * The command line. {@link #run} takes its writers and environment and returns the exit code, so
 * the whole CLI is tested in-process.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out =
                new PrintWriter(
                        new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err =
                new PrintWriter(
                        new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        dev.lrplan.diag.Timings.printTo(err);
        int code = run(args, out, err, System.getenv());
        out.flush();
        err.flush();
        System.exit(code);
    }

    public static int run(
            String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        Context ctx = new Context(out, err, env);
        ctx.args(args);
        CommandLine cli =
                args.length > 0
                                && LrplanCommand.COMMANDS.containsKey(args[0])
                                && !args[0].equals("help")
                                && !args[0].equals("completion")
                        ? commandLine(ctx, args[0])
                        : commandLine(ctx);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> handle(e, ctx));
        cli.setParameterExceptionHandler(
                (e, a) -> {
                    err.println("lrplan: " + e.getMessage());
                    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
                    err.println(
                            "Try '"
                                    + e.getCommandLine().getCommandSpec().qualifiedName()
                                    + " --help' for usage.");
                    return ExitCode.USAGE;
                });
        return cli.execute(args);
    }

    /** The command tree, its objects made with the run's context. */
    static CommandLine commandLine(Context ctx) {
        return commandLine(ctx, null);
    }

    /** The tree with one command only (null: all): a command line that names one needs no other. */
    private static CommandLine commandLine(Context ctx, String only) {
        ContextFactory factory = new ContextFactory(ctx);
        CommandLine cli = new CommandLine(new LrplanCommand(), factory);
        for (Map.Entry<String, Class<?>> c : LrplanCommand.COMMANDS.entrySet()) {
            if (only == null || only.equals(c.getKey())) {
                try {
                    cli.addSubcommand(
                            c.getKey(), new CommandLine(factory.create(c.getValue()), factory));
                } catch (Exception e) {
                    throw new IllegalStateException("cannot create command " + c.getKey(), e);
                }
            }
        }
        return cli;
    }

    private static int handle(Exception e, Context ctx) {
        int code = handleText(e, ctx);
        if (ctx.json()) {
            // The same error for a program: one JSON document on stdout, beside the text on stderr.
            java.util.Map<String, Object> error = new java.util.LinkedHashMap<>();
            error.put("exit", code);
            error.put(
                    "kind",
                    switch (code) {
                        case ExitCode.USAGE -> "usage";
                        case ExitCode.DATABASE -> "database";
                        case ExitCode.BLOCKING_FINDINGS -> "refused";
                        default -> "internal";
                    });
            if (e instanceof DiagnosticException d) {
                error.put(
                        "diagnostics",
                        d.diagnostics().stream()
                                .map(
                                        x -> {
                                            java.util.Map<String, Object> m =
                                                    new java.util.LinkedHashMap<>();
                                            m.put("file", x.file());
                                            m.put("line", x.line());
                                            m.put("column", x.column());
                                            m.put("message", x.message());
                                            return m;
                                        })
                                .toList());
            }
            error.put("message", Secrets.redact(String.valueOf(e.getMessage())));
            ctx.out().println(dev.lrplan.json.Json.write(java.util.Map.of("error", error)));
            ctx.out().flush();
        }
        return code;
    }

    private static int handleText(Exception e, Context ctx) {
        PrintWriter err = ctx.err();
        if (e instanceof DiagnosticException d) {
            for (Diagnostic diagnostic : d.diagnostics()) {
                err.println(Secrets.redact(Sql.printable(diagnostic.render())));
            }
            err.println(
                    d.diagnostics().size() == 1 ? "1 error" : d.diagnostics().size() + " errors");
            return ExitCode.USAGE;
        }
        if (e instanceof DatabaseException) {
            err.println(
                    "lrplan: database error: "
                            + Secrets.redact(Sql.printableLines(e.getMessage())));
            if (ctx.verbose()) {
                e.printStackTrace(err);
            }
            return ExitCode.DATABASE;
        }
        if (e instanceof ApplyException a) {
            err.println(
                    "lrplan: "
                            + switch (a.kind()) {
                                case REFUSED -> "refused: ";
                                case USAGE -> "";
                                case FAILED -> "failed: ";
                            }
                            + Secrets.redact(Sql.printableLines(a.getMessage())));
            if (ctx.verbose() && a.getCause() != null) {
                a.printStackTrace(err);
            }
            return switch (a.kind()) {
                case REFUSED -> ExitCode.BLOCKING_FINDINGS;
                case USAGE -> ExitCode.USAGE;
                case FAILED -> ExitCode.DATABASE;
            };
        }
        if (e instanceof UsageException) {
            err.println("lrplan: " + Secrets.redact(Sql.printableLines(e.getMessage())));
            return ExitCode.USAGE;
        }
        err.println(
                "lrplan: internal error: "
                        + Secrets.redact(Sql.printable(String.valueOf(e)))
                        + (ctx.verbose() ? "" : " (run with --verbose for details)"));
        if (ctx.verbose()) {
            e.printStackTrace(err);
        }
        return ExitCode.INTERNAL;
    }

    /** Builds command objects that need the run's context. */
    private record ContextFactory(Context ctx) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return cls.getDeclaredConstructor(Context.class).newInstance(ctx);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
