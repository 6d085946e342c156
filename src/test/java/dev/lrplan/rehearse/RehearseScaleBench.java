package dev.lrplan.rehearse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rehearsal of a 200-table schema at 10,000 rows per table (13 -> 16; every tenth table's code
 * integer -> bigint, every seventh's email text -> varchar(320), three of four tables a foreign key
 * to the one before), run as the command line runs it, in its own JVM with the launcher's options,
 * under /usr/bin/time: wall, CPU and peak memory of lrplan's process (the servers are processes of
 * their own), and the rehearsal's phase times. Reports to target/bench/rehearse-scale.txt.
 */
@Tag("bench")
class RehearseScaleBench {
    @TempDir Path dir;

    @Test
    void twoHundredTablesAtTenThousandRowsEach() throws Exception {
        dev.lrplan.testing.Launcher.checkBuilt();
        List<String> src = new ArrayList<>();
        List<String> tgt = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String fk =
                    i % 4 != 0 && i > 0
                            ? String.format(
                                    ", parent_id bigint REFERENCES public.t%03d (id)", i - 1)
                            : "";
            String s =
                    String.format(
                            "CREATE TABLE public.t%03d (id bigserial PRIMARY KEY, code integer NOT NULL,"
                                    + " name text, email text, amount numeric(12,2), flag boolean,"
                                    + " created timestamp NOT NULL DEFAULT now(), payload jsonb, blob bytea%s);",
                            i, fk);
            String t = i % 10 == 0 ? s.replace("code integer", "code bigint") : s;
            t = i % 7 == 0 ? t.replace("email text", "email varchar(320)") : t;
            src.add(s);
            tgt.add(t);
        }
        Files.writeString(dir.resolve("source.sql"), String.join("\n", src) + "\n");
        Files.writeString(dir.resolve("target.sql"), String.join("\n", tgt) + "\n");
        Files.writeString(
                dir.resolve("plan.yaml"),
                "plan: 1\nname: wide_v16\nsource: { url: \"${WIDE_URL}\" }\n"
                        + "target: { schema_file: target.sql, version: 16 }\n");
        Path times = dir.resolve("time.txt");
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                "/usr/bin/time",
                                "-f",
                                "%e %U %S %M",
                                "-o",
                                times.toString(),
                                dev.lrplan.testing.Launcher.script(),
                                "rehearse",
                                dir.resolve("plan.yaml").toString(),
                                "--source-schema",
                                dir.resolve("source.sql").toString(),
                                "--source-version",
                                "13",
                                "--rows",
                                "10000",
                                "-o",
                                dir.resolve("out").toString()));
        Path log = dir.resolve("run.log");
        Process p =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        int exit = p.waitFor();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, exit, out);
        String[] f = Files.readString(times).strip().split("\\s+");
        String report =
                String.format(
                        "rehearse, 200 tables x 10,000 rows (13 -> 16), lrplan's own process:%n"
                                + "  %.1f s wall, %.1f s CPU, %d MB peak RSS%n%s",
                        Double.parseDouble(f[0]),
                        Double.parseDouble(f[1]) + Double.parseDouble(f[2]),
                        Long.parseLong(f[3]) / 1024,
                        out.lines()
                                .filter(
                                        l ->
                                                l.startsWith("  ok")
                                                        || l.startsWith("  failed")
                                                        || l.contains("write pause"))
                                .map(l -> l.length() > 160 ? l.substring(0, 160) + " …" : l)
                                .reduce("", (a, b) -> a + b + "\n"));
        Path bench = Path.of("target", "bench");
        Files.createDirectories(bench);
        Files.writeString(bench.resolve("rehearse-scale.txt"), report);
        System.out.println(report);
    }
}
