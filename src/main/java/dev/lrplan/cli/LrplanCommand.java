package dev.lrplan.cli;

import picocli.CommandLine.Command;

@Command(
        name = "lrplan",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Plans PostgreSQL major-version upgrades through logical replication, with schema drift.",
            ""
        },
        footer = {
            "",
            "Exit codes: 0 ok; 1 internal error; 2 usage or plan error;",
            "  3 database error or a failed step; 4 blocking findings, or apply refused",
            "  (a changed script, the wrong cluster, another apply running);",
            "  5 a rehearsal that ran and failed.",
            "",
            "lrplan help COMMAND shows a command's options."
        })
final class LrplanCommand implements Runnable {
    /**
     * The commands, in the order help lists them. They are added by {@link Main#commandLine}: all
     * of them for help, completion and the man page, or only the one a command line names, since
     * picocli's annotation model costs start-up time for every command it reads.
     */
    static final java.util.Map<String, Class<?>> COMMANDS = commands();

    private static java.util.Map<String, Class<?>> commands() {
        java.util.Map<String, Class<?>> m = new java.util.LinkedHashMap<>();
        m.put("validate", ValidateCommand.class);
        m.put("inspect", InspectCommand.class);
        m.put("snapshot", SnapshotCommand.class);
        m.put("diff", DiffCommand.class);
        m.put("compile", CompileCommand.class);
        m.put("apply", ApplyCommand.class);
        m.put("status", StatusCommand.class);
        m.put("rehearse", RehearseCommand.class);
        m.put("demo", DemoCommand.class);
        m.put("completion", CompletionCommand.class);
        m.put("help", picocli.CommandLine.HelpCommand.class);
        return java.util.Collections.unmodifiableMap(m);
    }

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "a command is required");
    }
}
