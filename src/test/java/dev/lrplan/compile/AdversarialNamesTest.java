package dev.lrplan.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrplan.sql.Statement;
import dev.lrplan.sql.StatementSplitter;
import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import dev.lrplan.testing.Psql;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names generated from an adversarial alphabet, in every place a name reaches a script: schema,
 * table, key column, shim column, rename old and new, sequence (owned by the key). (Publication,
 * subscription and slot names are held to lower-case letters, digits and underscores by validation,
 * tested in the plan loader's tests.) Every case compiles, and every compiled file is checked
 * statically: no raw control character, and no psql meta-command but lrplan's own. A sample runs on
 * real 13 → 16 clusters both with psql and with apply; a marker table must stay untouched, no file
 * may appear, and the rows, the shim and the rename must arrive.
 */
class AdversarialNamesTest {
    private static final int CASES = 200;
    private static final int RUN = 20;
    private static final String PWNED = "/tmp/lrplan-pwned-" + ProcessHandle.current().pid();
    private static final String[] ALPHABET = {
        "\"",
        "'",
        "\\",
        "\n",
        "\r",
        "\t",
        "\u0001",
        "\u001b",
        "\u007f",
        ":var",
        ":'var'",
        ":\"var\"",
        "\\!",
        "\n\\! touch " + PWNED + "\n",
        "$$",
        "$lrplan$",
        "*/",
        "/*",
        "--",
        ";",
        " ",
        "ü",
        "✓",
        "😀",
        "`touch " + PWNED + "`",
        "%s",
        "{{x}}",
        "\u202e",
        "a",
        "b",
        "select",
        "DROP TABLE marker",
        "U&\"",
        "E'"
    };

    /**
     * psql meta-commands that lrplan's templates write (whole lines without values); anything else
     * is an injection.
     */
    private static final Set<String> OUR_META = ourMetaCommands();

    /**
     * The copy step's variables: one single-quoted psql argument, whose quotes are doubled and
     * backslashes escaped, so a name cannot end it early.
     */
    private static final java.util.regex.Pattern PSQL_ARGUMENT =
            java.util.regex.Pattern.compile(
                    "\\\\set lrplan_(t[0-9]+|truncate) '(?:[^'\\\\]|''|\\\\[0-7]{3}|\\\\\\\\)*'");

    private static Set<String> ourMetaCommands() {
        Set<String> out = new HashSet<>();
        try (var files = Files.walk(Path.of("templates")).filter(Files::isRegularFile)) {
            for (Path f : files.toList()) {
                Files.readAllLines(f).stream()
                        .map(String::strip)
                        // the copy step's list of tables is the one loop inside a line
                        .map(l -> l.replace("{{#tables}} --table=:'lrplan_t{{n}}'{{/tables}}", ""))
                        .filter(l -> l.startsWith("\\") && !l.contains("{{"))
                        .forEach(out::add);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    @TempDir Path dir;

    @Test
    void adversarialNamesCompileSafelyAndRunWithPsqlAndApply() throws Exception {
        Random random = new Random(20261126);
        List<Names> cases = new ArrayList<>();
        Set<String> schemas = new HashSet<>();
        while (cases.size() < CASES) {
            Names n =
                    new Names(
                            name(random),
                            name(random),
                            name(random),
                            name(random),
                            name(random),
                            name(random));
            if (schemas.add(n.schema)
                    && new HashSet<>(List.of(n.key, n.shim, n.oldCol, n.newCol)).size() == 4
                    && !n.schema.startsWith("pg_")) {
                cases.add(n);
            }
        }
        Db srcA = Db.create(Clusters.shared("13"), "adv_src");
        Db tgtA = Db.create(Clusters.shared("16"), "adv_tgt");
        Db srcB = Db.create(Clusters.shared("13"), "adv_src");
        Db tgtB = Db.create(Clusters.shared("16"), "adv_tgt");
        for (Db[] pair : new Db[][] {{srcA, tgtA}, {srcB, tgtB}}) {
            StringBuilder s =
                    new StringBuilder(
                            "CREATE TABLE public.marker (v text); INSERT INTO public.marker VALUES ('x');");
            StringBuilder t =
                    new StringBuilder(
                            "CREATE TABLE public.marker (v text); INSERT INTO public.marker VALUES ('x');");
            for (int i = 0; i < (pair[0] == srcA ? CASES : RUN); i++) {
                Names n = cases.get(i);
                s.append(n.sourceDdl());
                t.append(n.targetDdl());
            }
            pair[0].exec(s.toString());
            pair[1].exec(t.toString());
        }
        Path snapSrc = dir.resolve("src.json");
        Path snapTgt = dir.resolve("tgt.json");
        for (Object[] snap : new Object[][] {{srcA, snapSrc}, {tgtA, snapTgt}}) {
            Cli c = Cli.run("snapshot", "--url", ((Db) snap[0]).uri(), "-o", snap[1].toString());
            assertEquals(0, c.exit(), c.err());
        }

        for (int i = 0; i < CASES; i++) {
            Path out =
                    compile(
                            cases.get(i),
                            i,
                            "snapshot: " + yaml(snapSrc.toString()),
                            "snapshot: " + yaml(snapTgt.toString()),
                            Map.of());
            for (Path f : Files.list(out).filter(p -> p.toString().endsWith(".sql")).toList()) {
                assertSafe(f, cases.get(i));
            }
        }
        for (int i = 0; i < RUN; i++) {
            Names n = cases.get(i);
            runWithPsql(
                    n,
                    compile(
                            n,
                            i,
                            "url: \"${SRC}\"",
                            "url: \"${DST}\"",
                            Map.of("SRC", srcA.uri(), "DST", tgtA.uri())),
                    srcA,
                    tgtA);
            Map<String, String> env = Map.of("SRC", srcB.uri(), "DST", tgtB.uri());
            Path out = compile(n, 1000 + i, "url: \"${SRC}\"", "url: \"${DST}\"", env);
            Cli applied =
                    Cli.run(
                            env,
                            "apply",
                            out.toString(),
                            "--source-url-env",
                            "SRC",
                            "--target-url-env",
                            "DST",
                            "--all",
                            "--writes-stopped",
                            "--rollback-window-closed",
                            "--gate-timeout",
                            "120");
            assertEquals(0, applied.exit(), n + "\n" + applied.out() + applied.err());
            assertArrived(n, srcB, tgtB);
            for (Cli shown :
                    List.of(
                            applied,
                            Cli.run(
                                    env,
                                    "status",
                                    out.toString(),
                                    "--source-url-env",
                                    "SRC",
                                    "--target-url-env",
                                    "DST"),
                            Cli.run(
                                    env,
                                    "diff",
                                    dir.resolve("plan-" + (1000 + i) + ".yaml").toString()))) {
                String text = shown.out() + shown.err();
                assertFalse(
                        text.chars().anyMatch(ch -> (ch < 0x20 && ch != '\n') || ch == 0x7f),
                        "terminal output escaped for "
                                + n
                                + ":\n"
                                + dev.lrplan.sql.Sql.printableLines(text));
            }
        }
        for (Db db : List.of(srcA, tgtA, srcB, tgtB)) {
            assertEquals(
                    "x",
                    db.queryString("SELECT string_agg(v, ',') FROM public.marker"),
                    "marker untouched");
            assertEquals(
                    0,
                    db.queryLong(
                            "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()"));
        }
        assertFalse(Files.exists(Path.of(PWNED)), "a shell command ran");
    }

    private Path compile(Names n, int i, String source, String target, Map<String, String> env)
            throws Exception {
        Path plan = dir.resolve("plan-" + i + ".yaml");
        Files.writeString(
                plan,
                "plan: 1\nname: adv_"
                        + i
                        + "\nsource: { "
                        + source
                        + " }\ntarget: { "
                        + target
                        + " }\n"
                        + "replication: { "
                        // Odd cases move with snapshot-copy: their copy step names every table
                        // in psql arguments and pg_dump patterns, and runs by hand too.
                        + (i % 2 == 1 ? "strategy: snapshot-copy, " : "")
                        + "publication: adv_pub_"
                        + i
                        + ", subscription: adv_sub_"
                        + i
                        + " }\n"
                        + "tables: { schemas: ["
                        + yaml(n.schema)
                        + "] }\n"
                        + "drift:\n  renames:\n    "
                        + yaml(n.schema + "." + n.table)
                        + ": { "
                        + yaml(n.oldCol)
                        + ": "
                        + yaml(n.newCol)
                        + " }\n",
                StandardCharsets.UTF_8);
        Path out = dir.resolve("out-" + i);
        Cli c = Cli.run(env, "compile", plan.toString(), "-o", out.toString());
        assertEquals(0, c.exit(), n + "\n" + c.err());
        assertFalse(
                c.err().chars().anyMatch(ch -> ch < 0x20 && ch != '\n'),
                "terminal output escaped: " + c.err());
        return out;
    }

    /**
     * No raw control character but line breaks and tabs of the template, and no meta-command but
     * lrplan's own.
     */
    private static void assertSafe(Path file, Names n) throws Exception {
        String text = Files.readString(file);
        assertFalse(
                text.chars().anyMatch(ch -> (ch < 0x20 && ch != '\n') || ch == 0x7f),
                file + " holds a control" + " character for " + n);
        for (Statement s : StatementSplitter.split(text)) {
            if (s.metaCommand()) {
                assertTrue(
                        OUR_META.contains(s.text().replaceAll(" --table=:'lrplan_t[0-9]+'", ""))
                                || PSQL_ARGUMENT.matcher(s.text()).matches(),
                        file + ": meta-command " + s.text() + " for " + n);
            }
        }
    }

    private static void runWithPsql(Names n, Path out, Db src, Db tgt) throws Exception {
        Map<String, String> vars =
                Map.of("source_conninfo", src.uri(), "target_conninfo", tgt.uri());
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        for (JsonNode step : manifest.get("steps")) {
            Db db = step.get("cluster").asText().equals("source") ? src : tgt;
            Path file = out.resolve(step.get("file").asText());
            Psql.Result r = Psql.file(db, file, vars).assertOk(n + " " + file.getFileName());
            switch (step.get("name").asText()) {
                case "enable-subscription" ->
                        awaitSync(
                                tgt,
                                n,
                                "SELECT bool_and(srsubstate = 'r') FROM pg_subscription_rel r "
                                        + "JOIN pg_subscription s ON s.oid = r.srsubid WHERE s.subname = '"
                                        + step.path("x").asText("")
                                        + manifest.path("replication").path("subscription").asText()
                                        + "'");
                case "sequence-values" ->
                        Psql.stdin(tgt, r.out()).assertOk("sequence values of " + n);
                default -> {}
            }
        }
        assertArrived(n, src, tgt);
    }

    private static void awaitSync(Db tgt, Names n, String query) {
        try {
            tgt.await(query, 120, "sync of " + n);
        } catch (AssertionError e) {
            String log =
                    tgt.cluster() instanceof dev.lrplan.sandbox.EmbeddedCluster ec
                            ? ec.serverLog()
                            : "";
            throw new AssertionError(
                    e.getMessage() + "\n" + log.substring(Math.max(0, log.length() - 3000)), e);
        }
    }

    private static void assertArrived(Names n, Db src, Db tgt) {
        String table = q(n.schema) + "." + q(n.table);
        assertEquals(
                src.queryLong("SELECT count(*) FROM " + table),
                tgt.queryLong("SELECT count(*) FROM " + table),
                n.toString());
        assertEquals(
                src.queryString(
                        "SELECT string_agg("
                                + q(n.oldCol)
                                + ", ',' ORDER BY "
                                + q(n.key)
                                + ") FROM "
                                + table),
                tgt.queryString(
                        "SELECT string_agg("
                                + q(n.newCol)
                                + ", ',' ORDER BY "
                                + q(n.key)
                                + ") FROM "
                                + table),
                "renamed column arrived for " + n);
        assertEquals(
                0,
                tgt.queryLong(
                        "SELECT count(*) FROM pg_attribute WHERE attrelid = '"
                                + table.replace("'", "''")
                                + "'::regclass AND NOT attisdropped AND attname IN ('"
                                + n.shim.replace("'", "''")
                                + "', '"
                                + n.oldCol.replace("'", "''")
                                + "')"),
                "shims dropped for " + n);
        assertTrue(
                tgt.queryLong(
                                "SELECT nextval(pg_get_serial_sequence('"
                                        + table.replace("'", "''")
                                        + "', '"
                                        + n.key.replace("'", "''")
                                        + "'))")
                        > src.queryLong("SELECT max(" + q(n.key) + ") FROM " + table),
                "sequence ahead for " + n);
    }

    private static String name(Random r) {
        StringBuilder b = new StringBuilder();
        int parts = 1 + r.nextInt(6);
        for (int i = 0; i < parts; i++) {
            b.append(ALPHABET[r.nextInt(ALPHABET.length)]);
        }
        if (r.nextInt(8) == 0) {
            while (b.toString().getBytes(StandardCharsets.UTF_8).length < 63) {
                b.append('z');
            }
        }
        String s = b.toString();
        while (s.getBytes(StandardCharsets.UTF_8).length > 63) {
            s = s.substring(0, s.length() - 1);
            if (Character.isHighSurrogate(s.charAt(s.length() - 1))) {
                s = s.substring(0, s.length() - 1);
            }
        }
        return s.isBlank() ? "x" + s : s;
    }

    /**
     * An identifier for the test's own SQL, sent over JDBC (no psql): quotes doubled, nothing else.
     */
    private static String q(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A YAML double-quoted scalar with every character outside printable ASCII escaped. */
    private static String yaml(String text) {
        String s = text.replace("${", "$${"); // the plan's escape for a literal ${
        StringBuilder b = new StringBuilder("\"");
        s.codePoints()
                .forEach(
                        cp -> {
                            if (cp == '"' || cp == '\\') {
                                b.append('\\').appendCodePoint(cp);
                            } else if (cp < 0x20 || cp >= 0x7f) {
                                b.append(
                                        cp > 0xffff
                                                ? String.format("\\U%08x", cp)
                                                : String.format("\\u%04x", cp));
                            } else {
                                b.appendCodePoint(cp);
                            }
                        });
        return b.append('"').toString();
    }

    private record Names(
            String schema, String table, String key, String shim, String oldCol, String newCol) {
        String sourceDdl() {
            String t = q(schema) + "." + q(table);
            return "CREATE SCHEMA "
                    + q(schema)
                    + "; CREATE TABLE "
                    + t
                    + " ("
                    + q(key)
                    + " serial PRIMARY KEY, "
                    + q(shim)
                    + " text, "
                    + q(oldCol)
                    + " text); INSERT INTO "
                    + t
                    + " ("
                    + q(shim)
                    + ", "
                    + q(oldCol)
                    + ") SELECT 's' || g, 'v' || g FROM generate_series(1, 3) g;";
        }

        String targetDdl() {
            return "CREATE SCHEMA "
                    + q(schema)
                    + "; CREATE TABLE "
                    + q(schema)
                    + "."
                    + q(table)
                    + " ("
                    + q(key)
                    + " serial PRIMARY KEY, "
                    + q(newCol)
                    + " text);";
        }

        @Override
        public String toString() {
            return "case "
                    + dev.lrplan.sql.Sql.printable(
                            String.join(" | ", schema, table, key, shim, oldCol, newCol));
        }
    }
}
