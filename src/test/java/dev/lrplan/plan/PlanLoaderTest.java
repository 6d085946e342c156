package dev.lrplan.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.contract.Cluster;
import dev.lrplan.diag.DiagnosticException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlanLoaderTest {
    private static final Map<String, String> ENV =
            Map.of(
                    "PGURL_ORIGIN",
                    "postgresql://app:s3cret@old:5432/shop",
                    "PGURL_DESTINATION",
                    "postgresql://app@new:5432/shop");

    @TempDir Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void loadsTheFullFormatWithEveryKey() throws IOException {
        write("origin.json", "{}");
        write("schema.sql", "");
        write("django.sql", "");
        Path plan =
                write(
                        "plan.yaml",
                        """
                plan: 1
                name: migration_v16
                source: { url: "${PGURL_ORIGIN}?sslmode=require" }
                target: { schema_file: schema.sql }
                replication:
                  strategy: native
                  publication: migration_v16_expanded_pub
                  subscription: subs_migration_v16
                  slot: subs_slot_migration_v16
                  copy_data: true
                  options: { streaming: on, disable_on_error: true, run_as_owner: true, binary: auto }
                tables:
                  schemas: [public, billing]
                  owner: app_user
                  exclude: [public.django_migrations, public.spatial_ref_sys]
                  without_primary_key: replica-identity-full
                drift:
                  missing_columns: shim
                  renames: { public.orders: { legacy_total: total_amount } }
                  accept_type_changes:
                    - { table: public.orders, column: note, reason: "checked by hand: all values are short" }
                switchover:
                  sequences: setval
                  sequence_margin: 1000
                  analyze: true
                  refresh_materialized_views: true
                rollback: { enabled: true }
                monitoring: { aurora: true }
                lock_timeout: 3s
                extra_steps:
                  - { after: target-schema, cluster: target, file: django.sql }
                """);
        Plan p = PlanLoader.load(plan, ENV);
        assertEquals("migration_v16", p.name());
        assertEquals("postgresql://app:s3cret@old:5432/shop?sslmode=require", p.source().url());
        assertEquals(
                "url(${PGURL_ORIGIN})",
                p.source().toString(),
                "the secret never shows in messages");
        assertEquals(dir.resolve("schema.sql"), p.target().schemaFile());
        assertEquals(
                Map.of(
                        "binary",
                        "auto",
                        "disable_on_error",
                        "true",
                        "run_as_owner",
                        "true",
                        "streaming",
                        "on"),
                p.replication().options());
        assertEquals(List.of("public", "billing"), p.tables().schemas());
        assertEquals(
                TableSelection.NoKeyPolicy.REPLICA_IDENTITY_FULL, p.tables().withoutPrimaryKey());
        assertEquals(
                Map.of("public.orders", Map.of("legacy_total", "total_amount")),
                p.drift().renames());
        assertEquals(1, p.drift().acceptedTypeChanges().size());
        assertEquals(1000, p.switchover().sequenceMargin());
        assertTrue(p.monitoring().aurora());
        assertEquals("3s", p.lockTimeout());
        assertEquals(
                new Plan.ExtraStep("target-schema", Cluster.TARGET, dir.resolve("django.sql")),
                p.extraSteps().get(0));
    }

    @Test
    void snapshotCopyDefersIndexesAndDumpRestoreIsItsAlias() throws IOException {
        for (String strategy : List.of("snapshot-copy", "dump-restore")) {
            Path plan =
                    write(
                            strategy + ".yaml",
                            "plan: 1\nname: m\nsource: {url: 'host=a'}\ntarget: {url: 'host=b'}\n"
                                    + "replication: { strategy: "
                                    + strategy
                                    + ", maintenance_work_mem: 1GB }\n");
            Plan p = PlanLoader.load(plan, Map.of());
            assertEquals(Replication.Strategy.SNAPSHOT_COPY, p.replication().strategy());
            assertTrue(p.replication().deferIndexes(), "deferred by default under snapshot-copy");
            assertEquals(java.util.Optional.of("1048576kB"), p.replication().maintenanceWorkMem());
        }
        Path nat =
                write(
                        "native.yaml",
                        "plan: 1\nname: m\nsource: {url: 'host=a'}\ntarget: {url: 'host=b'}\n");
        assertFalse(PlanLoader.load(nat, Map.of()).replication().deferIndexes());
    }

    @Test
    void appliesSafeDefaults() throws IOException {
        Path plan =
                write(
                        "min.yaml",
                        "plan: 1\nname: m\nsource: {url: 'host=a'}\ntarget: {url: 'host=b'}\n");
        Plan p = PlanLoader.load(plan, Map.of());
        assertEquals("m_pub", p.replication().publication());
        assertEquals("m_sub", p.replication().subscription());
        assertEquals("m_sub", p.replication().slot());
        assertEquals(Replication.Strategy.NATIVE, p.replication().strategy());
        assertEquals(
                TableSelection.NoKeyPolicy.FAIL,
                p.tables().withoutPrimaryKey(),
                "no silent identity change");
        assertEquals(List.of("public"), p.tables().schemas());
        assertEquals(Drift.MissingColumns.SHIM, p.drift().missingColumns());
        assertTrue(p.rollback().enabled());
        assertEquals("5s", p.lockTimeout());
    }

    static final String HEAD =
            "plan: 1\nname: m\nsource: {url: 'host=a'}\ntarget: {url: 'host=b'}\n";

    /** Each malformed plan with the line, column and message it must be reported with. */
    static Stream<Arguments> malformed() {
        return Stream.of(
                bad(
                        "unknown top-level key",
                        HEAD + "replicaton: {}\n",
                        5,
                        1,
                        "unknown key 'replicaton' in the plan; did you mean 'replication'?"),
                bad(
                        "unknown nested key",
                        HEAD + "replication:\n  publicaton: p\n",
                        6,
                        3,
                        "unknown key 'publicaton' in replication; did you mean 'publication'?"),
                bad(
                        "missing name",
                        "plan: 1\nsource: {url: 'host=a'}\ntarget: {url: 'host=b'}\n",
                        1,
                        1,
                        "the plan is missing required key 'name'"),
                bad(
                        "missing source",
                        "plan: 1\nname: m\ntarget: {url: 'host=b'}\n",
                        1,
                        1,
                        "the plan is missing required key 'source'"),
                bad(
                        "wrong format version",
                        "plan: 2\nname: m\nsource: {url: 'host=a'}\ntarget: {url: 'host=b'}\n",
                        1,
                        7,
                        "plan format 2 is not supported"),
                bad(
                        "format version as text",
                        "plan: one\nname: m\nsource: {url: 'host=a'}\ntarget: {url: 'host=b'}\n",
                        1,
                        7,
                        "plan (the format version) must be a whole number, not 'one'"),
                bad(
                        "name with capitals",
                        "plan: 1\nname: Migration\nsource: {url: 'host=a'}\ntarget: {url: 'host=b'}\n",
                        2,
                        7,
                        "name 'Migration' must be lower case"),
                bad(
                        "missing environment variable",
                        "plan: 1\nname: m\nsource: {url: '${NOPE_URL}'}\ntarget: {url: 'host=b'}\n",
                        3,
                        15,
                        "source.url refers to environment variable NOPE_URL, which is not set"),
                bad(
                        "two endpoint kinds",
                        "plan: 1\nname: m\nsource: {url: 'host=a', snapshot: s.json}\ntarget: {url: 'host=b'}\n",
                        3,
                        9,
                        "source needs exactly one of url, snapshot; found url and snapshot"),
                bad(
                        "schema file as source",
                        "plan: 1\nname: m\nsource: {schema_file: s.sql}\ntarget: {url: 'host=b'}\n",
                        3,
                        9,
                        "source cannot be a schema_file"),
                bad(
                        "missing snapshot file",
                        "plan: 1\nname: m\nsource: {snapshot: nowhere.json}\ntarget: {url: 'host=b'}\n",
                        3,
                        20,
                        "source.snapshot: no such file: nowhere.json"),
                bad(
                        "bad strategy",
                        HEAD + "replication: {strategy: natve}\n",
                        5,
                        25,
                        "replication.strategy must be one of native, pglogical, snapshot-copy, dump-restore, not 'natve'; did you mean 'native'?"),
                bad(
                        "bool as text",
                        HEAD + "replication: {copy_data: 'yes please'}\n",
                        5,
                        26,
                        "replication.copy_data must be true or false, not 'yes please'"),
                bad(
                        "unknown subscription option",
                        HEAD + "replication:\n  options: {streamin: on}\n",
                        6,
                        13,
                        "unknown key 'streamin' in replication.options; did you mean 'streaming'?"),
                bad(
                        "bad option value",
                        HEAD + "replication:\n  options: {streaming: sometimes}\n",
                        6,
                        24,
                        "replication.options.streaming must be one of on, off, parallel"),
                bad(
                        "schemas not a list",
                        HEAD + "tables: {schemas: public}\n",
                        5,
                        19,
                        "tables.schemas must be a list, not 'public'"),
                bad(
                        "unqualified table",
                        HEAD + "tables: {exclude: [django_migrations]}\n",
                        5,
                        20,
                        "an entry of tables.exclude must be written as schema.table, not 'django_migrations'"),
                bad(
                        "bad no-key policy",
                        HEAD + "tables: {without_primary_key: full}\n",
                        5,
                        31,
                        "tables.without_primary_key must be one of replica-identity-full, replica-identity-index, exclude, insert-only, fail, not 'full'"),
                bad(
                        "rename to itself",
                        HEAD + "drift:\n  renames: {public.t: {a: a}}\n",
                        6,
                        27,
                        "drift.renames.public.t: 'a' is renamed to itself"),
                bad(
                        "accepted change without reason",
                        HEAD
                                + "drift:\n  accept_type_changes:\n    - {table: public.t, column: c}\n",
                        7,
                        7,
                        "an entry of drift.accept_type_changes is missing required key 'reason'"),
                bad(
                        "negative margin",
                        HEAD + "switchover: {sequence_margin: -5}\n",
                        5,
                        31,
                        "switchover.sequence_margin must be between 0 and"),
                bad(
                        "bad lock timeout",
                        HEAD + "lock_timeout: forever\n",
                        5,
                        15,
                        "lock_timeout must be a duration such as 500ms, 5s or 1min, not 'forever'"),
                bad(
                        "extra step on unknown cluster",
                        HEAD + "extra_steps:\n  - {after: x, cluster: middle, file: plan.yaml}\n",
                        6,
                        25,
                        "extra_steps.cluster must be one of source, target, not 'middle'"),
                bad(
                        "duplicate key",
                        HEAD + "name: again\n",
                        5,
                        1,
                        "duplicate key 'name' in the plan"),
                bad(
                        "name too long",
                        "plan: 1\nname: "
                                + "n".repeat(64)
                                + "\nsource: {url: 'host=a'}\ntarget: {url: 'host=b'}\n",
                        2,
                        7,
                        "is longer than PostgreSQL's 63-byte limit"),
                bad(
                        "not a mapping",
                        "- just\n- a list\n",
                        1,
                        1,
                        "the plan must be a mapping (key: value), not a list"),
                bad("YAML syntax error", "plan: 1\nname: [unclosed\nsource: x\n", 3, 7, "YAML:"),
                bad(
                        "tab indentation",
                        "plan: 1\nreplication:\n\tstrategy: native\n",
                        3,
                        1,
                        "YAML:"));
    }

    private static Arguments bad(String what, String yaml, int line, int col, String message) {
        return Arguments.of(what, yaml, line, col, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void reportsEachMalformedPlanWithLineColumnAndMessage(
            String what, String yaml, int line, int col, String message) throws IOException {
        Path plan = write("plan.yaml", yaml);
        DiagnosticException e =
                assertThrows(DiagnosticException.class, () -> PlanLoader.load(plan, Map.of()));
        String expectedPrefix = plan + ":" + line + ":" + col + ": error: ";
        assertTrue(
                e.diagnostics().stream()
                        .anyMatch(
                                d ->
                                        d.render().startsWith(expectedPrefix + message)
                                                || (d.render().startsWith(expectedPrefix)
                                                        && d.message().contains(message))),
                () -> "expected " + expectedPrefix + message + "\nbut got:\n" + e.getMessage());
    }

    @Test
    void collectsAllProblemsNotOnlyTheFirst() throws IOException {
        Path plan =
                write(
                        "plan.yaml",
                        """
                plan: 1
                name: m
                source: {url: '${A}'}
                target: {url: '${B}'}
                replication: {strategy: x, copy_data: maybe}
                tables: {without_primary_key: none}
                """);
        DiagnosticException e =
                assertThrows(DiagnosticException.class, () -> PlanLoader.load(plan, Map.of()));
        assertEquals(5, e.diagnostics().size(), e.getMessage());
        assertEquals(List.of(3, 4, 5, 5, 6), e.diagnostics().stream().map(d -> d.line()).toList());
    }

    @Test
    void refusesAliasBombs() throws IOException {
        StringBuilder y = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            String prev = "*a" + (i - 1);
            y.append("a")
                    .append(i)
                    .append(": &a")
                    .append(i)
                    .append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, prev)))
                    .append("]\n");
        }
        Path plan = write("bomb.yaml", y.toString());
        DiagnosticException e =
                assertThrows(DiagnosticException.class, () -> PlanLoader.load(plan, Map.of()));
        assertTrue(e.getMessage().contains("refused as a possible alias bomb"), e.getMessage());
    }

    @Test
    void refusesOversizedFiles() throws IOException {
        Path plan = write("big.yaml", "# " + "x".repeat(PlanLoader.MAX_BYTES) + "\n");
        DiagnosticException e =
                assertThrows(DiagnosticException.class, () -> PlanLoader.load(plan, Map.of()));
        assertTrue(
                e.getMessage().contains("plans larger than 1048576 bytes are refused"),
                e.getMessage());
    }

    @Test
    void escapedDollarIsKeptLiterally() throws IOException {
        Path plan =
                write(
                        "p.yaml",
                        "plan: 1\nname: m\nsource: {url: 'password=a$${b}'}\ntarget: {url: 'host=b'}\n");
        assertEquals("password=a${b}", PlanLoader.load(plan, Map.of()).source().url());
    }
}
