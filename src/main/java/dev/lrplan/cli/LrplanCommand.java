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
        subcommands = {
            ValidateCommand.class,
            InspectCommand.class,
            SnapshotCommand.class,
            DiffCommand.class,
            CompileCommand.class,
            ApplyCommand.class,
            StatusCommand.class,
            RehearseCommand.class,
            DemoCommand.class,
            CompletionCommand.class,
            picocli.CommandLine.HelpCommand.class
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
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "a command is required");
    }
}
