package dev.lrplan.cli;

import java.io.PrintWriter;
import java.util.Map;

/** What a command run may use: its writers, its environment, and the global flags. */
final class Context {
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> env;
    private boolean verbose;

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
}
