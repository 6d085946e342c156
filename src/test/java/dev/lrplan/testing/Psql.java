package dev.lrplan.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs scripts with the machine's psql, exactly as an operator would. */
public final class Psql {
    private Psql() {}

    public record Result(int exit, String out, String err) {
        public Result assertOk(String what) {
            if (exit != 0) {
                throw new AssertionError(
                        what + " failed (exit " + exit + "):\n" + err + "\n" + out);
            }
            return this;
        }
    }

    public static Result file(Db db, Path file, Map<String, String> vars) {
        return run(db, List.of("-f", file.toString()), vars, null);
    }

    public static Result stdin(Db db, String script) {
        return run(db, List.of("-f", "-"), Map.of(), script);
    }

    private static Result run(Db db, List<String> args, Map<String, String> vars, String input) {
        List<String> cmd = new ArrayList<>(List.of("psql", "-X", "-v", "ON_ERROR_STOP=1", "-q"));
        vars.forEach(
                (k, v) -> {
                    cmd.add("-v");
                    cmd.add(k + "=" + v);
                });
        cmd.addAll(args);
        cmd.add(db.uri());
        try {
            Process p = new ProcessBuilder(cmd).start();
            CompletableFuture<String> err =
                    CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            if (input != null) {
                p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            String out = read(p.getInputStream());
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("psql did not finish: " + cmd);
            }
            return new Result(p.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new AssertionError(
                    "cannot run psql (Debian's postgresql-client): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
