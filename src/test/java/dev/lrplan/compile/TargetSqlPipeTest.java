package dev.lrplan.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steps whose output is SQL for the other cluster (sequence-values, verify-data; on the way
 * back, back-sequence-values, from the target to the source) print clean SQL under the plain pipe a
 * DBA types, {@code psql -X -v ON_ERROR_STOP=1 -f STEP SOURCE | psql -X -v ON_ERROR_STOP=1 -f -
 * TARGET}, without {@code -q}: no "Output format is unaligned." and no command tags in the stream.
 */
class TargetSqlPipeTest {
    @TempDir Path dir;

    @Test
    void sequenceAndVerificationOutputRunThroughAPlainPipe() throws Exception {
        Db src = Db.create(Clusters.shared("13"), "pipe_src");
        Db tgt = Db.create(Clusters.shared("16"), "pipe_tgt");
        String ddl = "CREATE TABLE public.t (id serial PRIMARY KEY, v text);";
        src.exec(ddl + "INSERT INTO public.t (v) SELECT 'x' FROM generate_series(1, 5);");
        tgt.exec(ddl + "INSERT INTO public.t (v) SELECT 'x' FROM generate_series(1, 5);");
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(
                plan,
                "plan: 1\nname: pipe\nsource: { url: \"${SRC}\" }\ntarget: { url: \"${DST}\" }\n"
                        + "switchover: { sequence_margin: 0 }\n");
        Path out = dir.resolve("out");
        Cli compiled =
                Cli.run(
                        Map.of("SRC", src.uri(), "DST", tgt.uri()),
                        "compile",
                        plan.toString(),
                        "-o",
                        out.toString());
        assertEquals(0, compiled.exit(), compiled.err());
        for (String step : List.of("verify-data", "sequence-values", "back-sequence-values")) {
            if (step.equals("back-sequence-values")) {
                tgt.exec("INSERT INTO public.t (v) VALUES ('after')");
                assertEquals(
                        6, tgt.queryLong("SELECT max(id) FROM public.t"), "the sequence continued");
            }
            // The way back runs on the target and prints the source's statements.
            boolean back = step.startsWith("back-");
            Path file;
            try (var files = Files.list(out)) {
                file =
                        files.filter(
                                        f ->
                                                f.getFileName()
                                                        .toString()
                                                        .matches("[0-9]+-" + step + "\\..*"))
                                .findFirst()
                                .orElseThrow();
            }
            Process p =
                    new ProcessBuilder(
                                    "bash",
                                    "-c",
                                    "set -o pipefail; psql -X -v ON_ERROR_STOP=1 -f \"$1\" \"$2\""
                                            + " | psql -X -v ON_ERROR_STOP=1 -f - \"$3\"",
                                    "pipe",
                                    file.toString(),
                                    back ? tgt.uri() : src.uri(),
                                    back ? src.uri() : tgt.uri())
                            .redirectErrorStream(true)
                            .start();
            String log = new String(p.getInputStream().readAllBytes());
            p.waitFor(120, TimeUnit.SECONDS);
            assertEquals(0, p.exitValue(), step + ":\n" + log);
        }
        src.exec("INSERT INTO public.t (v) VALUES ('back')");
        assertEquals(
                7,
                src.queryLong("SELECT max(id) FROM public.t"),
                "back on the old cluster, its sequence continues past the new cluster's");
    }
}
