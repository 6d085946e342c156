package dev.lrplan.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of malformed inputs, the way a careless or hostile user writes them: plans, snapshots,
 * manifests, connection strings and command lines. Each has its exit code and a piece of its
 * message; none may end in "internal error", print the marked password, or write or delete a file.
 */
class MalformedInputCorpusTest {
    private static final String SECRET = "S3cretMARK";
    private static final String BAD_PORT = "postgresql://u:" + SECRET + "@127.0.0.1:1/db";

    @TempDir Path dir;

    private Path ref;
    private String planText;
    private final List<Case> cases = new ArrayList<>();

    private record Case(
            String what, int exit, String fragment, Map<String, String> env, List<String> args) {}

    @Test
    void everyMalformedInputIsRefusedWithItsCodeAndMessage() throws Exception {
        ref = dir.resolve("ref");
        copyTree(Path.of("plans/orders-v13-to-v16"), ref);
        planText = Files.readString(ref.resolve("plan.yaml"));
        Path out = dir.resolve("out");
        Cli ok = Cli.run("compile", ref.resolve("plan.yaml").toString(), "-o", out.toString());
        assertEquals(0, ok.exit(), ok.err());
        plans();
        diffs();
        snapshots();
        manifests(out);
        connections(out);
        commandLines(out);
        assertTrue(cases.size() >= 100, "corpus size " + cases.size());

        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            Map<String, String> before = tree();
            Cli r = Cli.run(c.env(), c.args().toArray(String[]::new));
            String all = r.out() + r.err();
            String label = c.what() + " (" + String.join(" ", c.args()) + ")";
            if (r.exit() != c.exit()) {
                failures.add(label + ": exit " + r.exit() + ", expected " + c.exit() + ":\n" + all);
            } else if (!all.contains(c.fragment())) {
                failures.add(label + ": message lacks '" + c.fragment() + "':\n" + all);
            }
            if (all.contains("internal error")) {
                failures.add(label + ": internal error:\n" + all);
            }
            if (all.contains(SECRET)) {
                failures.add(label + ": printed the password:\n" + all);
            }
            if (!before.equals(tree())) {
                failures.add(label + ": wrote or deleted a file");
            }
        }
        System.out.println(
                "MalformedInputCorpusTest: "
                        + cases.size()
                        + " cases, "
                        + failures.size()
                        + " failures");
        assertEquals(List.of(), failures);
    }

    // ---- plans: validate, exit 2 ----

    private void plans() throws IOException {
        plan("an empty plan", "", "the plan is empty");
        plan("only a version", "plan: 1\n", "name");
        plan(
                "a future format",
                planText.replace("plan: 1", "plan: 2"),
                "plan format 2 is not supported");
        Path junk = ref.resolve("junk.yaml");
        Files.write(junk, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x41});
        add("a binary plan", 2, "not valid UTF-8", Map.of(), "validate", junk.toString());
        plan("a YAML syntax error", planText + "\nbroken: [unclosed\n", "YAML");
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'z'; c++) {
            bomb.append(c)
                    .append(": &")
                    .append(c)
                    .append(" [*")
                    .append((char) (c - 1))
                    .append(", *")
                    .append((char) (c - 1))
                    .append("]\n");
        }
        plan("an alias bomb", bomb.toString(), "alias");
        plan(
                "a misspelt key",
                planText.replace("name: migration_v16", "nmae: migration_v16"),
                "did you mean 'name'");
        plan(
                "an unknown strategy",
                replace("strategy: native", "strategy: dump-restorez"),
                "replication.strategy");
        plan(
                "copy_data under snapshot-copy, which copies itself",
                replace("strategy: native", "strategy: snapshot-copy"),
                "replication.copy_data is not used by the snapshot-copy strategy");
        plan(
                "defer_indexes under pglogical",
                replace("strategy: native", "strategy: pglogical\n  defer_indexes: true"),
                "replication.defer_indexes is not built for the pglogical strategy");
        plan(
                "maintenance_work_mem without deferred indexes",
                replace("strategy: native", "strategy: native\n  maintenance_work_mem: 1GB"),
                "defers none");
        plan(
                "maintenance_work_mem too small",
                replace(
                        "strategy: native",
                        "strategy: snapshot-copy\n  maintenance_work_mem: 10kB"),
                "between 1MB and 2TB");
        for (String t : List.of("999999999min", "0s", "-1s", "5h", "'5 s'", "[5s]")) {
            plan("lock_timeout " + t, planText + "lock_timeout: " + t + "\n", "lock_timeout");
        }
        plan(
                "extra step after an unknown step",
                replace("after: target-schema", "after: no-such-step"),
                "extra_steps.after");
        plan(
                "extra step after a misspelt step",
                replace("after: target-schema", "after: target_shema"),
                "did you mean");
        Files.createSymbolicLink(ref.resolve("sql/link.sql"), Path.of("/etc/hostname"));
        Files.write(
                ref.resolve("sql/latin1.sql"),
                new byte[] {'S', 'E', 'L', 'E', 'C', 'T', ' ', '\'', (byte) 0xe9, '\'', ';'});
        for (String f :
                List.of(
                        "/etc/passwd",
                        "../../../../etc/passwd",
                        "/proc/self/environ",
                        "sql/link.sql",
                        "sql",
                        "sql/latin1.sql",
                        "sql/missing.sql",
                        "../ref/../../out/manifest.json")) {
            plan(
                    "extra step file " + f,
                    replace("file: sql/django_migrations_data.sql", "file: " + f),
                    "extra_steps.file");
        }
        plan(
                "an upper-case subscription",
                replace("subscription: subs_migration_v16", "subscription: Subs_Upper"),
                "replication.subscription");
        plan(
                "a quoted subscription",
                replace("subscription: subs_migration_v16", "subscription: 'sub\"q'"),
                "replication.subscription");
        plan(
                "a slot with a dash",
                replace("slot: subs_slot_migration_v16", "slot: slot-dash"),
                "replication.slot");
        plan(
                "a publication with a space",
                replace("publication: migration_v16_expanded_pub", "publication: 'pub name'"),
                "replication.publication");
        plan(
                "a 64-byte publication",
                replace(
                        "publication: migration_v16_expanded_pub",
                        "publication: " + "p".repeat(64)),
                "63-byte");
        plan(
                "a 64-byte plan name",
                replace("name: migration_v16", "name: " + "n".repeat(64)),
                "63-byte");
        plan(
                "an upper-case plan name",
                replace("name: migration_v16", "name: Upper"),
                "lower case");
        add(
                "a plan name holding a URL with a password",
                2,
                "${PGURL_SECRET}",
                Map.of("PGURL_SECRET", BAD_PORT),
                "validate",
                write("secret-name", replace("name: migration_v16", "name: ${PGURL_SECRET}"))
                        .toString());
        plan(
                "an unset variable",
                replace(
                        "source: { snapshot: catalogs/source.json }",
                        "source: { url: \"${NOPE_UNSET}\" }"),
                "NOPE_UNSET");
        plan(
                "streaming: maybe",
                replace("streaming: on", "streaming: maybe"),
                "replication.options.streaming");
        plan("an unknown option", replace("streaming: on", "bogus_option: on"), "bogus_option");
        plan(
                "copy_data as text",
                replace("copy_data: true", "copy_data: 'yes please'"),
                "copy_data");
        plan("no schemas", replace("schemas: [public]", "schemas: []"), "tables.schemas");
        plan(
                "an unknown policy",
                replace(
                        "without_primary_key: replica-identity-full",
                        "without_primary_key: sometimes"),
                "without_primary_key");
        plan(
                "missing_columns: keep",
                replace("missing_columns: shim", "missing_columns: keep"),
                "drift.missing_columns");
        plan(
                "a rename without a schema",
                replace("public.orders: { legacy_total", "orders: { legacy_total"),
                "schema.table");
        plan(
                "a rename to itself",
                replace("legacy_total: total_amount", "legacy_total: legacy_total"),
                "renamed to itself");
        plan(
                "an accepted change without a reason",
                planText.replace(
                        "  renames:",
                        "  accept_type_changes: [{ table: "
                                + "public.orders, column: id }]\n  renames:"),
                "reason");
        plan(
                "a negative margin",
                replace("sequence_margin: 1000", "sequence_margin: -1"),
                "sequence_margin");
        plan(
                "sequences: nextval",
                replace("sequences: setval", "sequences: nextval"),
                "switchover.sequences");
        plan(
                "rollback: maybe",
                replace("rollback: { enabled: true }", "rollback: { enabled: maybe }"),
                "rollback.enabled");
        plan(
                "a source of nothing",
                replace("source: { snapshot: catalogs/source.json }", "source: {}"),
                "source needs");
        plan(
                "a source of two kinds",
                replace(
                        "source: { snapshot: catalogs/source.json }",
                        "source: { snapshot: catalogs/source.json, url: x }"),
                "exactly one");
        plan(
                "a schema-file source",
                replace(
                        "source: { snapshot: catalogs/source.json }",
                        "source: { schema_file: catalogs/source.json }"),
                "source cannot be a schema_file");
        plan(
                "a version for a snapshot",
                replace(
                        "target: { snapshot: catalogs/target.json }",
                        "target: { snapshot: catalogs/target.json, version: 16 }"),
                "version");
        plan(
                "a missing snapshot",
                replace("catalogs/source.json", "catalogs/nope.json"),
                "no such file");
        plan(
                "a cluster in the middle",
                replace("cluster: target", "cluster: middle"),
                "extra_steps.cluster");
        plan("a duplicate key", planText + "name: again\n", "duplicate");
        plan(
                "an exclude without a schema",
                replace("exclude: [public.django_migrations]", "exclude: [django_migrations]"),
                "tables.exclude");
        add(
                "a plan that does not exist",
                2,
                "no such plan file",
                Map.of(),
                "validate",
                ref.resolve("nope.yaml").toString());
        plan("a plan over 1 MiB", planText + "#" + "x".repeat(1 << 20) + "\n", "bytes");
        plan("deep nesting", planText + "deep: " + "[".repeat(40) + "]".repeat(40) + "\n", "");
        plan("a tab-indented plan", planText.replace("  schemas:", "\tschemas:"), "YAML");
    }

    // ---- diffs: the catalogs contradict the plan, exit 4 ----

    private void diffs() throws IOException {
        diff(
                "an exclude typo",
                replace(
                        "exclude: [public.django_migrations]",
                        "exclude: [public.django_migratoins]"),
                "LR118");
        diff(
                "an include of nothing",
                replace("exclude: [public.django_migrations]", "include: [public.nope]"),
                "LR118");
        diff("a schema typo", replace("schemas: [public]", "schemas: [pubic]"), "LR118");
        diff(
                "an owner of nothing",
                replace("schemas: [public]", "schemas: [public]\n  owner: nobody_here"),
                "LR118");
        diff(
                "an accepted change of no column",
                planText.replace(
                        "  renames:",
                        "  accept_type_changes: [{ table: "
                                + "public.orders, column: nope, reason: why }]\n  renames:"),
                "LR119");
        diff(
                "a rename of no column",
                replace("legacy_total: total_amount", "legacy_totl: total_amount"),
                "LR114");
        String old =
                Files.readString(ref.resolve("catalogs/source.json"))
                        .replace("\"versionNum\" : 130022", "\"versionNum\" : 90624")
                        .replace("\"version\" : \"13.22\"", "\"version\" : \"9.6.24\"");
        Files.writeString(ref.resolve("catalogs/source96.json"), old);
        diff(
                "a 9.6 source under native",
                replace("catalogs/source.json", "catalogs/source96.json"),
                "LR006");
        add(
                "a 9.6 source under native, compiled",
                4,
                "LR006",
                Map.of(),
                "compile",
                write("native96", replace("catalogs/source.json", "catalogs/source96.json"))
                        .toString(),
                "-o",
                dir.resolve("never96").toString());
        add(
                "pglogical with a publication name",
                2,
                "not used by the pglogical strategy",
                Map.of(),
                "validate",
                write("pgl-pub", replace("strategy: native", "strategy: pglogical")).toString());
        add(
                "pglogical with REPLICA IDENTITY FULL",
                4,
                "LR120",
                Map.of(),
                "diff",
                write(
                                "pgl-full",
                                replace("strategy: native", "strategy: pglogical")
                                        .replace("  publication: migration_v16_expanded_pub\n", "")
                                        .replace(
                                                "  subscription: subs_migration_v16\n",
                                                "  subscription: subs_v16\n")
                                        .replace("  slot: subs_slot_migration_v16\n", "")
                                        .replace(
                                                "  options: { streaming: on, disable_on_error: true, run_as_owner: true }\n",
                                                ""))
                        .toString());
        add(
                "a user step after a step the plan lacks",
                2,
                "extra_steps",
                Map.of(),
                "compile",
                write(
                                "after-rollback",
                                replace(
                                                "rollback: { enabled: true }",
                                                "rollback: { enabled: false }")
                                        .replace(
                                                "after: target-schema",
                                                "after: rollback-subscription"))
                        .toString(),
                "-o",
                dir.resolve("never").toString());
    }

    // ---- snapshots: diff, exit 2 ----

    private void snapshots() throws IOException {
        String good = Files.readString(ref.resolve("catalogs/source.json"));
        Map<String, byte[]> bad = new TreeMap<>();
        bad.put("not-json", "this is not json".getBytes(StandardCharsets.UTF_8));
        bad.put("empty", new byte[0]);
        bad.put(
                "wrong-format",
                good.replace("lrplan-catalog", "something-else").getBytes(StandardCharsets.UTF_8));
        bad.put(
                "injected-type",
                good.replaceFirst(
                                "\"type\" : \"text\"",
                                "\"type\" : \"boolean; CREATE TABLE pwn (); --\"")
                        .getBytes(StandardCharsets.UTF_8));
        bad.put("truncated", good.substring(0, good.length() / 2).getBytes(StandardCharsets.UTF_8));
        bad.put("array", "[1, 2, 3]".getBytes(StandardCharsets.UTF_8));
        bad.put("latin1", new byte[] {'{', '"', (byte) 0xe9, '"', ':', '1', '}'});
        bad.put(
                "future-version",
                good.replace("\"formatVersion\" : 1", "\"formatVersion\" : 99")
                        .getBytes(StandardCharsets.UTF_8));
        bad.put(
                "null-name",
                good.replaceFirst("\"name\" : \"logged_at\"", "\"name\" : null")
                        .getBytes(StandardCharsets.UTF_8));
        bad.put(
                "negative-position",
                good.replaceFirst("\"position\" : 1", "\"position\" : -4")
                        .getBytes(StandardCharsets.UTF_8));
        Path latinDump = ref.resolve("catalogs/latin1-dump.sql");
        Files.write(
                latinDump,
                new byte[] {
                    'C',
                    'R',
                    'E',
                    'A',
                    'T',
                    'E',
                    ' ',
                    'T',
                    'A',
                    'B',
                    'L',
                    'E',
                    ' ',
                    (byte) 0xe9,
                    ' ',
                    '(',
                    'a',
                    ' ',
                    'i',
                    'n',
                    't',
                    ')',
                    ';'
                });
        add(
                "a schema file that is not UTF-8",
                2,
                "not valid UTF-8",
                Map.of(),
                "diff",
                write(
                                "dump-latin1",
                                replace(
                                        "target: { snapshot: catalogs/target.json }",
                                        "target: { schema_file: catalogs/latin1-dump.sql, "
                                                + "version: 16 }"))
                        .toString());
        add(
                "a schema file that is a folder",
                2,
                "schema_file",
                Map.of(),
                "diff",
                write(
                                "dump-folder",
                                replace(
                                        "target: { snapshot: catalogs/target.json }",
                                        "target: { schema_file: sql, version: 16 }"))
                        .toString());
        for (var e : bad.entrySet()) {
            Path f = ref.resolve("catalogs/bad-" + e.getKey() + ".json");
            Files.write(f, e.getValue());
            add(
                    "a snapshot: " + e.getKey(),
                    2,
                    "bad-" + e.getKey() + ".json",
                    Map.of(),
                    "diff",
                    write(
                                    "snap-" + e.getKey(),
                                    replace(
                                            "catalogs/source.json",
                                            "catalogs/bad-" + e.getKey() + ".json"))
                            .toString());
        }
    }

    // ---- manifests: apply, refused (exit 4) before any connection ----

    private void manifests(Path out) throws IOException {
        String m = Files.readString(out.resolve("manifest.json"));
        Map<String, Function<String, String>> edits = new TreeMap<>();
        edits.put("truncated", s -> s.substring(0, s.length() / 3));
        edits.put("not-json", s -> "not json at all");
        edits.put("array", s -> "[]");
        edits.put("wrong-format", s -> s.replace("lrplan-manifest", "other"));
        edits.put(
                "escape", s -> s.replaceFirst("\"01-preflight.source.sql\"", "\"../outside.sql\""));
        edits.put(
                "absolute", s -> s.replaceFirst("\"01-preflight.source.sql\"", "\"/etc/passwd\""));
        edits.put(
                "cluster-swapped",
                s -> s.replaceFirst("\"cluster\" : \"source\"", "\"cluster\" : \"target\""));
        String firstSha =
                dev.lrplan.render.Output.sha256(
                        Files.readString(out.resolve("01-preflight.source.sql")));
        edits.put("no-sha", s -> s.replace(firstSha, ""));
        edits.put(
                "unknown-gate",
                s -> s.replaceFirst("\"gate\" : \"sync\"", "\"gate\" : \"whenever\""));
        edits.put("no-steps", s -> s.replaceFirst("(?s)\"steps\" : \\[.*\\]", "\"steps\" : []"));
        edits.put("renumbered", s -> s.replaceFirst("\"number\" : 2", "\"number\" : 7"));
        edits.put(
                "unknown-strategy",
                s ->
                        s.replaceFirst(
                                "\"replication\" : \\{",
                                "\"replication\" : { \"strategy\" : \"teleport\","));
        edits.put("empty", s -> "");
        for (var e : edits.entrySet()) {
            Path copy = dir.resolve("manifest-" + e.getKey());
            copyTree(out, copy);
            Files.writeString(copy.resolve("manifest.json"), e.getValue().apply(m));
            add(
                    "a manifest: " + e.getKey(),
                    4,
                    "manifest",
                    Map.of(),
                    "apply",
                    copy.toString(),
                    "--source-url",
                    BAD_PORT,
                    "--target-url",
                    BAD_PORT);
        }
        Path edited = dir.resolve("manifest-edited-script");
        copyTree(out, edited);
        Files.writeString(
                edited.resolve("01-preflight.source.sql"),
                "\\! touch /tmp/lrplan-corpus\n",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        add(
                "an edited script",
                4,
                "was changed after compile",
                Map.of(),
                "apply",
                edited.toString(),
                "--source-url",
                BAD_PORT,
                "--target-url",
                BAD_PORT);
        add(
                "a manifest other than the reviewed one",
                4,
                "not the one that was reviewed",
                Map.of(),
                "apply",
                out.toString(),
                "--expect-manifest",
                "0".repeat(64),
                "--source-url",
                BAD_PORT,
                "--target-url",
                BAD_PORT);
        Path none = dir.resolve("no-manifest");
        Files.createDirectories(none);
        add(
                "a folder without a manifest",
                4,
                "no manifest.json",
                Map.of(),
                "apply",
                none.toString(),
                "--source-url",
                BAD_PORT,
                "--target-url",
                BAD_PORT);
    }

    // ---- connection strings: usage errors (2) and unreachable servers (3), never the password
    // ----

    private void connections(Path out) {
        Map<String, Integer> urls = new TreeMap<>();
        urls.put("postgresql://u:" + SECRET + "%ZZ@127.0.0.1:1/db", 2);
        urls.put("postgresql://u:" + SECRET + "%4@127.0.0.1:1/db", 2);
        urls.put("postgresql://u:" + SECRET + "%00@127.0.0.1:1/db", 2);
        urls.put("u:" + SECRET + "@127.0.0.1/db", 2);
        urls.put("postgresql://u:S3cret/MARK@127.0.0.1:1/db", 2);
        urls.put("postgresql://u:S3cret?MARK@127.0.0.1:1/db", 2);
        urls.put("postgresql://u:" + SECRET + "@127.0.0.1:99999/db", 2);
        urls.put("postgresql://u:" + SECRET + "@127.0.0.1:port/db", 2);
        urls.put("postgresql://u:" + SECRET + "@[::1/db", 2);
        urls.put("postgresql://u:" + SECRET + "@127.0.0.1:1/db?sslmode", 2);
        urls.put("host=127.0.0.1 port=1 dbname=x user=u password=" + SECRET, 3);
        urls.put("host=127.0.0.1 port=1 dbname=x user=u password='" + SECRET + " with space'", 3);
        urls.put(BAD_PORT, 3);
        urls.put("postgresql://u:" + SECRET.replace("M", "%4D") + "@127.0.0.1:1/db", 3);
        urls.put("jdbc:postgresql://127.0.0.1:1/db?user=u&password=" + SECRET, 3);
        urls.put("postgresql://u:" + SECRET + "@127.0.0.1:1/db?password=" + SECRET, 3);
        urls.forEach(
                (url, exit) ->
                        add(
                                "a connection string " + exit,
                                exit,
                                exit == 2 ? "connection" : "database error",
                                Map.of(),
                                "inspect",
                                "--url",
                                url));
        urls.forEach(
                (url, exit) ->
                        add(
                                "apply with a connection string " + exit,
                                exit,
                                exit == 2 ? "connection" : "database error",
                                Map.of("SRC", url),
                                "apply",
                                out.toString(),
                                "--source-url-env",
                                "SRC",
                                "--target-url",
                                BAD_PORT,
                                "--dry-run"));
        add(
                "an unset url variable",
                2,
                "NOPE_UNSET is not set",
                Map.of(),
                "apply",
                out.toString(),
                "--source-url-env",
                "NOPE_UNSET",
                "--target-url",
                BAD_PORT);
    }

    // ---- command lines ----

    private void commandLines(Path out) throws IOException {
        String plan = ref.resolve("plan.yaml").toString();
        add(
                "compile into the plan's own folder",
                2,
                "refusing to replace",
                Map.of(),
                "compile",
                plan,
                "-o",
                ref.toString());
        Path user = dir.resolve("user-files");
        Files.createDirectories(user.resolve(".git"));
        Files.writeString(user.resolve("notes.txt"), "mine");
        add(
                "compile into a folder of the user's files",
                2,
                "refusing to replace",
                Map.of(),
                "compile",
                plan,
                "-o",
                user.toString());
        Path mixed = dir.resolve("mixed");
        copyTree(out, mixed);
        Files.writeString(mixed.resolve("keep-me.txt"), "mine");
        add(
                "compile into an output folder holding a user's file",
                2,
                "keep-me.txt",
                Map.of(),
                "compile",
                plan,
                "-o",
                mixed.toString());
        add(
                "compile into a regular file",
                2,
                "not a folder",
                Map.of(),
                "compile",
                plan,
                "-o",
                ref.resolve("plan.yaml").toString());
        add("compile without -o", 2, "", Map.of(), "compile", plan);
        add(
                "a step that is not a number",
                2,
                "abc",
                Map.of(),
                "apply",
                out.toString(),
                "--step",
                "abc");
        add("an unknown command", 2, "Unmatched", Map.of(), "conquer");
        add(
                "a gate timeout that is not a number",
                2,
                "gate-timeout",
                Map.of(),
                "apply",
                out.toString(),
                "--gate-timeout",
                "soon");
        add(
                "diff of a missing plan",
                2,
                "no such plan file",
                Map.of(),
                "diff",
                ref.resolve("missing.yaml").toString());
        add("an unknown option", 2, "Unknown option", Map.of(), "validate", plan, "--frobnicate");
    }

    // ---- helpers ----

    private String replace(String from, String to) {
        assertTrue(planText.contains(from), from);
        return planText.replace(from, to);
    }

    private void plan(String what, String text, String fragment) throws IOException {
        add(what, 2, fragment, Map.of(), "validate", write("p" + cases.size(), text).toString());
    }

    private void diff(String what, String text, String fragment) throws IOException {
        add(what, 4, fragment, Map.of(), "diff", write("d" + cases.size(), text).toString());
    }

    private Path write(String name, String text) throws IOException {
        Path p = ref.resolve(name + ".yaml");
        Files.writeString(p, text);
        return p;
    }

    private void add(
            String what, int exit, String fragment, Map<String, String> env, String... args) {
        cases.add(new Case(what, exit, fragment, env, List.of(args)));
    }

    /** Every file under the test's folder and /tmp's lrplan markers, with a hash of its bytes. */
    private Map<String, String> tree() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                out.put(
                        dir.relativize(p).toString(),
                        Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                                ? hash(Files.readAllBytes(p))
                                : "dir-or-link");
            }
        }
        out.put("marker", Boolean.toString(Files.exists(Path.of("/tmp/lrplan-corpus"))));
        return out;
    }

    private static String hash(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        assertFalse(Files.exists(to.resolve("..").resolve("lrplan-corpus")));
    }
}
