package dev.lrplan.cli;

import java.io.PrintWriter;
import java.util.Map;

/** What a command run may use: its writers, its environment, and the global flags. */
final class Context {
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> env;
    private boolean verbose;
    private boolean json;
    private java.util.List<String> args = java.util.List.of();

    Context(PrintWriter out, PrintWriter err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    Map<String, String> env() {
        return env;
    }

    boolean verbose() {
        return verbose;
    }

    void verbose(boolean value) {
        this.verbose = value;
    }

    /** The command asked for JSON: its errors come as a JSON document on stdout too. */
    void json(boolean value) {
        this.json = value;
    }

    boolean json() {
        return json;
    }

    void args(String[] value) {
        this.args = java.util.List.of(value);
    }

    /**
     * The command line as run, for hints that must run as printed: each argument quoted for a POSIX
     * shell where it needs it, a password given on it redacted (such a hint then says so by its
     * {@code ***}).
     */
    String commandLine() {
        StringBuilder b = new StringBuilder("lrplan");
        for (String a : args) {
            String shown = dev.lrplan.db.Secrets.redact(a);
            b.append(' ')
                    .append(
                            shown.matches("[A-Za-z0-9_@%+=:,./-]+")
                                    ? shown
                                    : "'" + shown.replace("'", "'\\''") + "'");
        }
        return b.toString();
    }
}
