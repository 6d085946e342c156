package dev.lrplan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir Path dir;

    @Test
    void helpListsTheCommandsAndExitCodes() {
        Cli cli = Cli.run("--help");
        assertEquals(0, cli.exit());
        for (String command : new String[] {"validate", "inspect", "snapshot", "demo"}) {
            assertTrue(cli.out().contains(command), cli.out());
        }
        assertTrue(cli.out().contains("Exit codes: 0 ok"), cli.out());
        // Each command's one-line summary is whole, not its description cut mid-sentence.
        for (String line :
                cli.out().lines().filter(l -> l.matches("  [a-z]+ {2,}\\S.*")).toList()) {
            assertTrue(line.strip().endsWith("."), line);
        }
        // Completion from picocli's generator on the live tree: every command and its options.
        Cli completion = Cli.run("completion");
        assertEquals(0, completion.exit(), completion.err());
        assertTrue(completion.out().contains("complete -F _complete_lrplan"), completion.out());
        assertTrue(completion.out().contains("--source-schema"), "rehearse's options");
        assertTrue(completion.out().contains("--writes-stopped"), "apply's options");
        Cli help = Cli.run("help", "rehearse");
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().contains("--source-schema"), help.out());
    }

    @Test
    void versionIsStampedByTheBuild() {
        Cli cli = Cli.run("--version");
        assertEquals(0, cli.exit());
        assertTrue(cli.out().matches("lrplan \\d+\\.\\d+\\.\\d+\\s*"), cli.out());
    }

    @Test
    void usageErrorsExit2WithASuggestion() {
        Cli cli = Cli.run("snapshto");
        assertEquals(2, cli.exit());
        assertTrue(cli.err().contains("snapshot"), cli.err());
        assertEquals(2, Cli.run().exit());
        assertEquals(2, Cli.run("inspect").exit(), "a catalog source is required");
        assertEquals(2, Cli.run("inspect", "--url", "x", "--role", "middle").exit());
    }

    @Test
    void anUnreachableServerExits3WithOneLineAndNoStackTrace() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli cli =
                Cli.run(
                        Map.of("PGPASSWORD", "hunter2"),
                        "inspect",
                        "--url",
                        "postgresql://app:topsecret@127.0.0.1:" + port + "/shop");
        assertEquals(3, cli.exit());
        assertEquals(1, cli.err().strip().lines().count(), cli.err());
        assertTrue(
                cli.err()
                        .startsWith(
                                "lrplan: database error: cannot connect to app@127.0.0.1:"
                                        + port
                                        + "/shop"),
                cli.err());
        assertFalse(cli.err().contains("topsecret"), "never print a password");
        assertFalse(cli.err().contains("\tat "), "no stack trace");
    }

    @Test
    void validateReportsEveryProblemAsFileLineColumn() throws IOException {
        Path plan = dir.resolve("p.yaml");
        Files.writeString(
                plan,
                "plan: 1\nname: m\nsource: {url: '${NOPE}'}\ntarget: {snapshot: t.json}\nfoo: 1\n");
        Cli cli = Cli.run("validate", plan.toString());
        assertEquals(2, cli.exit());
        assertTrue(
                cli.err()
                        .contains(
                                plan
                                        + ":3:15: error: source.url refers to environment variable NOPE, which is not set"),
                cli.err());
        assertTrue(
                cli.err().contains(plan + ":4:20: error: target.snapshot: no such file: t.json"),
                cli.err());
        assertTrue(
                cli.err().contains(plan + ":5:1: error: unknown key 'foo' in the plan"), cli.err());
        assertTrue(cli.err().strip().endsWith("3 errors"), cli.err());
    }

    @Test
    void validateAcceptsAGoodPlanWithoutPrintingSecrets() throws IOException {
        Path plan = dir.resolve("p.yaml");
        Files.writeString(
                plan, "plan: 1\nname: m\nsource: {url: '${SRC}'}\ntarget: {url: '${DST}'}\n");
        Cli cli =
                Cli.run(
                        Map.of("SRC", "postgresql://u:pw1@a/db", "DST", "host=b password=pw2"),
                        "validate",
                        plan.toString());
        assertEquals(0, cli.exit(), cli.err());
        assertTrue(
                cli.out().contains("plan 'm', source url(${SRC}), target url(${DST})"), cli.out());
        assertFalse(cli.out().contains("pw1") || cli.out().contains("pw2"));
    }

    @org.junit.jupiter.api.Test
    void validateAndErrorsAnswerInJsonWhenAsked(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Cli ok = Cli.run("validate", "plans/orders-v13-to-v16/plan.yaml", "--format", "json");
        assertEquals(0, ok.exit(), ok.err());
        var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ok.out());
        assertEquals("migration_v16", doc.get("plan").asText());
        assertTrue(doc.get("valid").asBoolean());
        java.nio.file.Path bad = dir.resolve("bad.yaml");
        java.nio.file.Files.writeString(
                bad,
                "plan: 1\nname: bad\nsource: { url: x }\ntarget: { url: y }\nreplicaton: {}\n");
        Cli no = Cli.run("validate", bad.toString(), "--format", "json");
        assertEquals(2, no.exit());
        var err = new com.fasterxml.jackson.databind.ObjectMapper().readTree(no.out()).get("error");
        assertEquals(2, err.get("exit").asInt());
        assertEquals("usage", err.get("kind").asText());
        assertEquals(5, err.get("diagnostics").get(0).get("line").asInt(), no.out());
        assertTrue(err.get("diagnostics").get(0).get("message").asText().contains("replication"));
        assertTrue(no.err().contains("bad.yaml:5:"), "the text on stderr as before: " + no.err());
    }
}
