package dev.lrplan.testing;

import dev.lrplan.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the CLI in-process and keeps what it printed. */
public record Cli(int exit, String out, String err) {
    public static Cli run(String... args) {
        return run(Map.of(), args);
    }

    public static Cli run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env);
        return new Cli(code, out.toString(), err.toString());
    }

    /**
     * {@code lrplan apply FOLDER --plan PLAN --gate-timeout 120 MORE…}: the end-to-end tests' way
     * of applying a compiled folder.
     */
    public static Cli apply(
            Map<String, String> env,
            java.nio.file.Path folder,
            java.nio.file.Path plan,
            String... more) {
        String[] args = new String[6 + more.length];
        args[0] = "apply";
        args[1] = folder.toString();
        args[2] = "--plan";
        args[3] = plan.toString();
        args[4] = "--gate-timeout";
        args[5] = "120";
        System.arraycopy(more, 0, args, 6, more.length);
        return run(env, args);
    }
}
