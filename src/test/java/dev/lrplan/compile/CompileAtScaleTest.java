package dev.lrplan.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.CompiledSteps;
import dev.lrplan.testing.Db;
import dev.lrplan.testing.Psql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: 10,000 tables, both ends live (13 → 16), each key integer there and bigint here.
 * Compile succeeds; REVIEW.md gives the 10,000 widened keys one row and lists every subject in a
 * collapsed block; stderr says it once with the count; the publication names every table; {@code
 * diff --format json} keeps every finding. Correctness at scale, not time (the bench measures).
 */
class CompileAtScaleTest {
    private static final int TABLES = 10_000;

    @TempDir Path dir;

    @Test
    void tenThousandTablesCompileAndReadWell() throws Exception {
        // The target keeps PostgreSQL's default lock table (max_locks_per_transaction = 64): a
        // step that read every table in one transaction would overflow it.
        Map<String, String> defaults = new java.util.HashMap<>(Clusters.LOGICAL);
        defaults.put("max_locks_per_transaction", "64");
        defaults.put("max_connections", "100");
        try (var c16 = Clusters.start("16", defaults)) {
            compileAndRun(
                    Db.create(Clusters.shared("13"), "scale_src"), Db.create(c16, "scale_tgt"));
        }
    }

    private void compileAndRun(Db src, Db tgt) throws Exception {
        create(src, "int");
        create(tgt, "bigint");
        Path plan = dir.resolve("scale.yaml");
        Files.writeString(
                plan,
                "plan: 1\nname: scale\nsource: { url: \"${SRC}\" }\ntarget: { url: \"${DST}\" }\n");
        Map<String, String> env = Map.of("SRC", src.uri(), "DST", tgt.uri());
        Path out = dir.resolve("out");
        Cli compiled = Cli.run(env, "compile", plan.toString(), "-o", out.toString());
        assertEquals(0, compiled.exit(), compiled.err());
        assertTrue(
                compiled.err().contains("… and " + (TABLES - 1) + " more LR125"),
                "stderr says a repeated finding once, with its count:\n"
                        + compiled.err().lines().limit(10).toList());
        assertTrue(
                compiled.err().lines().count() < 20,
                "stderr stays short: " + compiled.err().lines().count() + " lines");

        String review = Files.readString(out.resolve("REVIEW.md"));
        for (String code : new String[] {"LR104", "LR125"}) {
            assertEquals(
                    1,
                    review.lines().filter(l -> l.startsWith("| ") && l.contains(code)).count(),
                    "one " + code + " row for the 10,000 widened keys");
        }
        assertTrue(review.contains(TABLES + " subjects: public.t1.id"), "the row counts them");
        assertTrue(
                review.lines().filter(l -> l.matches("- public\\.t[0-9]+\\.id")).count()
                        == 2 * TABLES,
                "every subject is listed in a collapsed block");

        String publication = Files.readString(CompiledSteps.file(out, "publication"));
        for (int i : new int[] {1, 4_999, TABLES}) {
            assertTrue(publication.contains("public.t" + i + ","), "t" + i + " is published");
        }

        Cli diff = Cli.run(env, "diff", plan.toString(), "--format", "json");
        JsonNode findings = new ObjectMapper().readTree(diff.out()).get("findings");
        long widened = 0;
        for (JsonNode f : findings) {
            if (f.get("code").asText().equals("LR104")) {
                widened++;
            }
        }
        assertEquals(TABLES, widened, "diff --format json keeps every finding");

        // The target's preflight reads every table (missing? empty?): it runs with psql there, and
        // a row in one table among 10,000 is named.
        Path preflight =
                CompiledSteps.all(out).stream()
                        .filter(e -> e.name().equals("preflight") && e.cluster().equals("target"))
                        .findFirst()
                        .orElseThrow()
                        .file();
        Map<String, String> vars = Map.of("source_conninfo", src.uri());
        Psql.file(tgt, preflight, vars).assertOk("the target's preflight on 10,000 tables");
        tgt.exec("INSERT INTO public.t7777 (v) VALUES ('x')");
        Psql.Result refused = Psql.file(tgt, preflight, vars);
        assertTrue(
                refused.exit() != 0
                        && refused.err()
                                .contains("target table(s) already hold rows: public.t7777;"),
                refused.err());

        entryPerTable(env);
    }

    /**
     * A plan with an entry for each table in its per-table lists: tables.include names all 10,000,
     * rollback.exclude every third, and rollback.relaxed accepts every other table's widened key.
     * Each entry finds its table (the diff looks each up once: a scan of the list per table made it
     * quadratic, which the bench measures), and the output follows every one.
     */
    private void entryPerTable(Map<String, String> env) throws Exception {
        StringBuilder plan =
                new StringBuilder(
                        "plan: 1\nname: scale\nsource: { url: \"${SRC}\" }\n"
                                + "target: { url: \"${DST}\" }\ntables:\n  include:\n");
        for (int i = 1; i <= TABLES; i++) {
            plan.append("    - public.t").append(i).append('\n');
        }
        plan.append("  target_rows:\n");
        java.util.Set<Integer> truncated = new java.util.TreeSet<>();
        for (int i = 5; i <= TABLES; i += 5) {
            plan.append("    public.t").append(i).append(": truncate\n");
            truncated.add(i);
        }
        plan.append("rollback:\n  exclude:\n");
        java.util.Set<Integer> back = new java.util.TreeSet<>();
        for (int i = 1; i <= TABLES; i++) {
            if (i % 3 == 0) {
                plan.append("    - public.t").append(i).append('\n');
            } else {
                back.add(i);
            }
        }
        plan.append("  relaxed:\n");
        int accepted = 0;
        for (int i : back) {
            if (i % 2 == 0) {
                plan.append("    - { table: public.t")
                        .append(i)
                        .append(", column: id, action: accept, reason: \"ids stay small\" }\n");
                accepted++;
            }
        }
        Path file = dir.resolve("entries.yaml");
        Files.writeString(file, plan);
        Path out = dir.resolve("entries");
        Cli compiled = Cli.run(env, "compile", file.toString(), "-o", out.toString());
        assertEquals(0, compiled.exit(), compiled.err());

        assertEquals(
                back,
                numbers(CompiledSteps.file(out, "rollback-publication"), "public\\.t([0-9]+)\\b"),
                "the rollback publication carries exactly the tables kept");

        assertEquals(
                truncated,
                numbers(CompiledSteps.file(out, "truncate-target"), "public\\.t([0-9]+)\\b"),
                "truncate-target empties exactly the tables target_rows names");
        java.util.Set<Integer> checked =
                numbers(
                        CompiledSteps.all(out).stream()
                                .filter(
                                        e ->
                                                e.name().equals("preflight")
                                                        && e.cluster().equals("target"))
                                .findFirst()
                                .orElseThrow()
                                .file(),
                        "SELECT FROM public\\.t([0-9]+)\\)");
        assertEquals(TABLES - truncated.size(), checked.size(), "the others must be empty");
        assertTrue(
                java.util.Collections.disjoint(checked, truncated),
                "the preflight does not ask a table it truncates to be empty");

        Cli diff = Cli.run(env, "diff", file.toString(), "--format", "json");
        long acceptedFindings = 0;
        long excludedFindings = 0;
        for (JsonNode f : new ObjectMapper().readTree(diff.out()).get("findings")) {
            String code = f.get("code").asText();
            String message = f.get("message").asText();
            assertTrue(
                    !f.get("severity").asText().equals("error"),
                    "no entry is refused: " + code + " " + message);
            if (code.equals("LR125") && message.endsWith("; accepted: ids stay small")) {
                acceptedFindings++;
            }
            if (code.equals("LR124") && message.contains("(rollback.exclude)")) {
                excludedFindings++;
            }
        }
        assertEquals(accepted, acceptedFindings, "every relaxed entry decided its own column");
        assertEquals(TABLES / 3, excludedFindings, "every excluded table is named");
    }

    /** The numbers of the tables a script names in a pattern's first group. */
    private static java.util.Set<Integer> numbers(Path script, String pattern) throws Exception {
        java.util.Set<Integer> out = new java.util.TreeSet<>();
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile(pattern).matcher(Files.readString(script));
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }

    private static void create(Db db, String keyType) {
        for (int from = 1; from <= TABLES; from += 2000) {
            db.exec(
                    "DO $$ BEGIN FOR i IN "
                            + from
                            + ".."
                            + Math.min(TABLES, from + 1999)
                            + " LOOP EXECUTE format('CREATE TABLE public.t%s (id "
                            + keyType
                            + " GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, v text)', i);"
                            + " END LOOP; END $$");
        }
    }
}
