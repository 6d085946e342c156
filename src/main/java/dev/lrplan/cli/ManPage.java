package dev.lrplan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * lrplan(1), written at build time from the same picocli model that prints {@code --help}, so the
 * page cannot drift from the options. picocli's own generator (picocli-codegen) writes AsciiDoc,
 * which needs Asciidoctor to become a man page; the troff of a reference page is small enough to
 * write here instead.
 */
public final class ManPage {
    private ManPage() {}

    /** {@code ManPage FILE}: writes the page (the build puts it in target/dist/lrplan.1). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ManPage FILE");
        }
        Path file = Path.of(args[0]);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, render(), StandardCharsets.UTF_8);
    }

    /** The page, in the man(7) macros. */
    public static String render() {
        Context ctx =
                new Context(
                        new PrintWriter(new StringWriter()),
                        new PrintWriter(new StringWriter()),
                        Map.of());
        CommandSpec root = Main.commandLine(ctx).getCommandSpec();
        StringBuilder b = new StringBuilder();
        b.append(".\\\" lrplan(1), generated from lrplan's command-line model; do not edit.\n");
        b.append(".TH LRPLAN 1 \"\" ")
                .append(quoted("lrplan " + VersionProvider.version()))
                .append(" \"User Commands\"\n");
        b.append(".SH NAME\nlrplan \\- ")
                .append(text(root.usageMessage().description()[0]))
                .append('\n');
        b.append(".SH SYNOPSIS\n.B lrplan\n.I COMMAND\n[\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]\n");
        b.append(".SH DESCRIPTION\n");
        b.append(
                        text(
                                "lrplan reads a YAML migration plan, introspects the source and target"
                                        + " clusters, and compiles ordered, reviewable psql scripts with a"
                                        + " manifest.json and a REVIEW.md; apply runs them step by step with a"
                                        + " ledger on the target, status shows where a migration stands, and"
                                        + " rehearse runs the whole plan on embedded clusters first."))
                .append('\n');
        b.append(".SH COMMANDS\n");
        for (Map.Entry<String, CommandLine> sub : root.subcommands().entrySet()) {
            CommandSpec spec = sub.getValue().getCommandSpec();
            if (spec.usageMessage().hidden() || sub.getKey().equals("help")) {
                continue;
            }
            command(b, spec);
        }
        b.append(".SS lrplan help [\\fICOMMAND\\fR]\nThe usage of lrplan, or of one command.\n");
        b.append(".SH EXIT STATUS\n");
        for (String[] code :
                List.of(
                        new String[] {"0", "success"},
                        new String[] {"1", "an internal error (run again with -v for details)"},
                        new String[] {
                            "2", "a usage or plan error: FILE:LINE:COL, a code and a remedy"
                        },
                        new String[] {
                            "3",
                            "a database error: unreachable, authentication, permission, a failed"
                                    + " step, a gate that timed out"
                        },
                        new String[] {
                            "4",
                            "blocking findings, or apply refused (a changed script, the wrong"
                                    + " cluster, another apply running)"
                        },
                        new String[] {"5", "a rehearsal that ran and failed"})) {
            b.append(".TP\n.B ").append(code[0]).append('\n').append(text(code[1])).append('\n');
        }
        b.append(".SH ENVIRONMENT\n");
        for (String[] env :
                List.of(
                        new String[] {
                            "PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD, PGPASSFILE, PGSERVICE,"
                                    + " PGSERVICEFILE, PGSYSCONFDIR, PGSSLMODE, PGSSLROOTCERT,"
                                    + " PGSSLCERT, PGSSLKEY, PGCONNECT_TIMEOUT, PGOPTIONS, PGAPPNAME,"
                                    + " PGTARGETSESSIONATTRS, PGLOADBALANCEHOSTS",
                            "fill in what a connection string leaves out, as libpq does."
                        },
                        new String[] {
                            "LRPLAN_CACHE",
                            "where rehearse and demo keep the PostgreSQL binaries they fetch"
                                    + " (default ~/.cache/lrplan/pg)."
                        },
                        new String[] {
                            "LRPLAN_MAVEN_REPOSITORY",
                            "a Maven repository mirror to fetch those binaries from."
                        })) {
            b.append(".TP\n.B ")
                    .append(text(env[0]))
                    .append('\n')
                    .append(text(env[1]))
                    .append('\n');
        }
        b.append(".SH FILES\n.TP\n.I ~/.pgpass\n")
                .append(text("passwords, read as libpq reads them (mode 0600)."))
                .append("\n.TP\n.I ~/.pg_service.conf\n")
                .append(text("connection services, read as libpq reads them."))
                .append('\n');
        b.append(".SH SEE ALSO\n.BR psql (1),\n.BR pg_dump (1),\n.BR pgbouncer (1)\n");
        return b.toString();
    }

    private static void command(StringBuilder b, CommandSpec spec) {
        StringBuilder synopsis = new StringBuilder("lrplan ").append(spec.name());
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                synopsis.append(' ')
                        .append(p.arity().min == 0 ? "[" + p.paramLabel() + "]" : p.paramLabel());
            }
        }
        b.append(".SS ").append(quoted(synopsis.toString())).append('\n');
        for (String line : spec.usageMessage().description()) {
            if (!line.isBlank()) {
                b.append(text(line)).append('\n');
            }
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.hidden()) {
                continue;
            }
            b.append(".TP\n.I ").append(text(p.paramLabel())).append('\n');
            b.append(text(String.join(" ", p.description()))).append('\n');
        }
        for (OptionSpec o : spec.options()) {
            if (o.hidden() || o.usageHelp() || o.versionHelp()) {
                continue;
            }
            b.append(".TP\n");
            StringBuilder names = new StringBuilder();
            for (String n : o.names()) {
                names.append(names.length() == 0 ? "" : ", ")
                        .append("\\fB")
                        .append(text(n))
                        .append("\\fR");
            }
            if (o.arity().max > 0 && !o.paramLabel().isEmpty()) {
                String label = "\\fI" + text(o.paramLabel()) + "\\fR";
                names.append(' ').append(o.arity().min == 0 ? "[" + label + "]" : label);
            }
            b.append(names).append('\n');
            b.append(text(String.join(" ", o.description()))).append('\n');
        }
    }

    /**
     * Text as troff reads it: backslashes escaped, hyphens as minus signs, no leading control dot.
     */
    static String text(String s) {
        String t =
                s.replace("\\", "\\e")
                        .replace("-", "\\-")
                        .replace("\u2014", "\\(em")
                        .replace("\u2026", "...")
                        .replace("\n", " ");
        return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
    }

    private static String quoted(String s) {
        return "\"" + text(s).replace("\"", "\\(dq") + "\"";
    }
}
