package dev.lrplan.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrplan.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compile, diff and --check through the CLI, on the committed example snapshots. */
class CompileCommandTest {
    private static final String PLAN = "plans/orders-v13-to-v16/plan.yaml";

    @TempDir Path dir;

    @Test
    void checkPassesOnTheApprovedFolderAndShowsADiffOtherwise() throws Exception {
        Cli ok = Cli.run("compile", PLAN, "--check", "golden/orders-v13-to-v16");
        assertEquals(0, ok.exit(), ok.out() + ok.err());

        Path approved = dir.resolve("approved");
        assertEquals(0, Cli.run("compile", PLAN, "-o", approved.toString()).exit());
        Path f = approved.resolve("07-publication.source.sql");
        Files.writeString(f, Files.readString(f).replace("public.orders", "public.orders_edited"));
        Cli changed = Cli.run("compile", PLAN, "--check", approved.toString());
        assertEquals(4, changed.exit());
        assertTrue(
                changed.out()
                        .contains(
                                "--- a/07-publication.source.sql\n+++ b/07-publication.source.sql\n@@ -"),
                changed.out());
        assertTrue(changed.out().contains("-  public.orders_edited"), changed.out());
        // git apply takes it as it is printed, and brings the approved folder up to the compile.
        Path patch = dir.resolve("check.patch");
        Files.writeString(patch, changed.out());
        Process git =
                new ProcessBuilder(
                                "git",
                                "apply",
                                "--unsafe-paths",
                                "--directory=" + approved,
                                patch.toString())
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .start();
        String gitOut = new String(git.getInputStream().readAllBytes());
        assertEquals(0, git.waitFor(), gitOut);
        Cli again = Cli.run("compile", PLAN, "--check", approved.toString());
        assertEquals(0, again.exit(), again.out() + again.err());
    }

    /**
     * compile --format json: one document on stdout that matches the folder it wrote (every step
     * file's SHA-256, the manifest's), every finding diff reports, and the same for --check and for
     * a refusal.
     */
    @Test
    void compileAsJsonDescribesTheFolderItWrote() throws Exception {
        Path out = dir.resolve("json-out");
        Cli c = Cli.run("compile", PLAN, "-o", out.toString(), "--format", "json");
        assertEquals(0, c.exit(), c.err());
        JsonNode doc = new ObjectMapper().readTree(c.out());
        assertTrue(doc.get("written").asBoolean());
        assertEquals(
                dev.lrplan.render.Output.sha256(Files.readAllBytes(out.resolve("manifest.json"))),
                doc.get("manifest_sha256").asText());
        int steps = 0;
        for (JsonNode st : doc.get("steps")) {
            Path f = out.resolve(st.get("file").asText());
            assertEquals(
                    dev.lrplan.render.Output.sha256(Files.readAllBytes(f)),
                    st.get("sha256").asText(),
                    f.toString());
            steps++;
        }
        try (var files = Files.list(out)) {
            assertEquals(
                    files.filter(f -> f.toString().endsWith(".sql")).count(),
                    steps,
                    "one row a step");
        }
        JsonNode diff =
                new ObjectMapper().readTree(Cli.run("diff", PLAN, "--format", "json").out());
        assertEquals(diff.get("findings").size(), doc.get("findings").size());

        Cli check = Cli.run("compile", PLAN, "--check", out.toString(), "--format", "json");
        assertEquals(0, check.exit(), check.err());
        assertTrue(
                new ObjectMapper().readTree(check.out()).get("check").get("matches").asBoolean());
        Files.writeString(out.resolve("01-preflight.source.sql"), "-- edited\n");
        Cli differs = Cli.run("compile", PLAN, "--check", out.toString(), "--format", "json");
        assertEquals(4, differs.exit(), differs.err());
        JsonNode d = new ObjectMapper().readTree(differs.out()).get("check");
        assertFalse(d.get("matches").asBoolean());
        assertTrue(d.get("diff").asText().contains("-- edited"), d.get("diff").asText());

        Path plan =
                copyPlan("without_primary_key: replica-identity-full", "without_primary_key: fail");
        Cli refused =
                Cli.run(
                        "compile",
                        plan.toString(),
                        "-o",
                        dir.resolve("refused").toString(),
                        "--format",
                        "json");
        assertEquals(4, refused.exit());
        JsonNode r = new ObjectMapper().readTree(refused.out());
        assertFalse(r.get("written").asBoolean());
        assertTrue(r.get("unsafe").asBoolean());
        assertFalse(Files.exists(dir.resolve("refused")));
    }

    @Test
    void diffPrintsFindingsOnlyAndExits4WhenUnsafe() throws Exception {
        Cli safe = Cli.run("diff", PLAN, "--format", "json");
        assertEquals(0, safe.exit(), safe.err());
        JsonNode doc = new ObjectMapper().readTree(safe.out());
        assertFalse(doc.get("unsafe").asBoolean());
        assertTrue(safe.out().contains("\"LR103\""));

        Path plan =
                copyPlan("without_primary_key: replica-identity-full", "without_primary_key: fail");
        Cli unsafe = Cli.run("diff", plan.toString());
        assertEquals(4, unsafe.exit(), unsafe.out());
        assertTrue(unsafe.out().contains("error   LR010"), unsafe.out());
        Cli refused = Cli.run("compile", plan.toString(), "-o", dir.resolve("out").toString());
        assertEquals(4, refused.exit());
        assertFalse(Files.exists(dir.resolve("out")), "nothing written while a finding is unsafe");
    }

    @Test
    void aTemplateNamingAnUnknownValueIsAnErrorNotBlankOutput() throws Exception {
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(
                Files.createDirectories(templates.resolve("native"))
                        .resolve("enable-subscription.mustache"),
                "ALTER SUBSCRIPTION {{subscriptoin}} ENABLE;\n");
        Path out = dir.resolve("out");
        Cli cli =
                Cli.run("compile", PLAN, "-o", out.toString(), "--templates", templates.toString());
        assertEquals(2, cli.exit());
        assertTrue(
                cli.err()
                        .contains(
                                "template native/enable-subscription.mustache: unknown value {{subscriptoin}}"),
                cli.err());
        assertFalse(Files.exists(out), "a failed compile leaves no folder");
    }

    @Test
    void aTemplateOverrideChangesOnlyItsStep() throws Exception {
        Path templates = Files.createDirectories(dir.resolve("templates"));
        Files.writeString(
                Files.createDirectories(templates.resolve("native"))
                        .resolve("enable-subscription.mustache"),
                "{{> _header}}\n\n{{> _guard}}\n\n-- our house style\nALTER SUBSCRIPTION {{subscription}} ENABLE;\n");
        Path out = dir.resolve("out");
        assertEquals(
                0,
                Cli.run("compile", PLAN, "-o", out.toString(), "--templates", templates.toString())
                        .exit());
        assertTrue(
                Files.readString(out.resolve("09-enable-subscription.target.sql"))
                        .contains("-- our house style"));
        assertEquals(
                Files.readString(Path.of("golden/orders-v13-to-v16/07-publication.source.sql")),
                Files.readString(out.resolve("07-publication.source.sql")));
    }

    @Test
    void recompilingReplacesTheFolderWholeAndLeavesNoTemporaryFiles() throws Exception {
        Path out = dir.resolve("out");
        assertEquals(
                0,
                Cli.run("compile", "plans/plain-upgrade/plan.yaml", "-o", out.toString()).exit());
        assertTrue(Files.exists(out.resolve("04-data-checks.source.sql")));
        assertEquals(
                0,
                Cli.run("compile", PLAN, "-o", out.toString()).exit(),
                "an earlier lrplan output is replaced");
        assertFalse(
                Files.exists(out.resolve("04-data-checks.source.sql")), "its stale files are gone");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "only the output folder remains");
        }
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        for (JsonNode step : manifest.get("steps")) {
            String file = step.get("file").asText();
            assertEquals(
                    dev.lrplan.render.Output.sha256(Files.readString(out.resolve(file))),
                    step.get("sha256").asText(),
                    file);
        }
        assertFalse(
                Files.readString(out.resolve("REVIEW.md")).contains(dir.toString()),
                "no absolute paths");
    }

    private Path copyPlan(String from, String to) throws Exception {
        Path p = dir.resolve("plan");
        Files.createDirectories(p.resolve("catalogs"));
        Files.createDirectories(p.resolve("sql"));
        for (String f :
                new String[] {
                    "catalogs/source.json", "catalogs/target.json", "sql/django_migrations_data.sql"
                }) {
            Files.copy(Path.of("plans/orders-v13-to-v16").resolve(f), p.resolve(f));
        }
        Path plan = p.resolve("plan.yaml");
        Files.writeString(plan, Files.readString(Path.of(PLAN)).replace(from, to));
        return plan;
    }
}
