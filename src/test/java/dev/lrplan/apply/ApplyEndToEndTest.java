package dev.lrplan.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lrplan apply} of the reference plan on real 13 → 16 clusters, under a steady write load.
 */
class ApplyEndToEndTest {
    @org.junit.jupiter.api.AfterEach
    void dropReplication() {
        ApplyCase.cleanUpAll();
    }

    @TempDir Path dir;

    /**
     * The replicated tables (django_migrations is excluded: the plan restores its rows as a user
     * step).
     */
    private static final List<String> TABLES =
            List.of("public.customers", "public.orders", "public.order_items", "public.audit_log");

    @Test
    void applyAllUnderWriteLoadEndsWithEqualRowsAndChecksums() throws Exception {
        ApplyCase ac = ApplyCase.reference(dir);
        Db src = ac.source;
        Db tgt = ac.target;

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong lastOrder = new AtomicLong();
        Thread writer =
                new Thread(
                        () -> {
                            while (writing.get()) {
                                lastOrder.set(
                                        Long.parseLong(
                                                src.queryString(
                                                        "INSERT INTO public.orders (customer_id, legacy_total, "
                                                                + "deprecated_flag) VALUES (1 + (random() * 199)::int, 42.50, true) RETURNING id")));
                                src.exec(
                                        "INSERT INTO public.audit_log (message) VALUES ('under load')");
                            }
                        });
        writer.start();
        Cli first;
        try {
            first = ac.apply("--all");
        } finally {
            writing.set(false);
            writer.join();
        }
        assertEquals(0, first.exit(), first.out() + first.err());
        assertTrue(first.out().contains("initial sync: 4/4 tables ready"), first.out());
        assertTrue(
                first.out().contains("stopping before 14 14-confirm-final-lsn.source.sql"),
                first.out());
        assertTrue(lastOrder.get() > 1000, "the writer wrote during the sync");

        Cli status = Cli.run(ac.env, "status", ac.out.toString(), "--plan", ac.plan.toString());
        assertEquals(0, status.exit(), status.err());
        assertTrue(status.out().contains("initial sync: 4 table(s): ready 4"), status.out());
        assertTrue(
                status.out().contains("next step: 14 14-confirm-final-lsn.source.sql"),
                status.out());
        assertTrue(status.out().contains("subscription errors: 0 apply, 0 sync"), status.out());
        assertTrue(
                status.out().matches("(?s).*public\\.orders_id_seq\\s+-\\d+  \\(behind.*"),
                "before the sequence step the" + " target is behind: " + status.out());
        com.fasterxml.jackson.databind.JsonNode json =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(
                                Cli.run(ac.env, "status", ac.plan.toString(), "--format", "json")
                                        .out());
        assertEquals(4, json.get("tables").size());
        assertTrue(json.get("slotLag").get("exists").asBoolean());
        assertEquals("ready", json.get("tables").get(0).get("state").asText());

        // With a unique index on plain columns, the final refresh runs concurrently.
        tgt.exec("CREATE UNIQUE INDEX order_counts_customer ON public.order_counts (customer_id)");
        // The hint at the hold is the command as run plus the confirmation: it runs as printed.
        java.util.regex.Matcher hint =
                java.util.regex.Pattern.compile("Stop the writes, then run: lrplan (.+)")
                        .matcher(first.out());
        assertTrue(hint.find(), first.out());
        assertEquals(
                "apply "
                        + ac.out
                        + " --plan "
                        + ac.plan
                        + " --gate-timeout 120 --all --writes-stopped",
                hint.group(1));
        Cli switchover = Cli.run(ac.env, hint.group(1).split(" "));
        assertEquals(0, switchover.exit(), switchover.out() + switchover.err());
        assertTrue(
                (switchover.out() + switchover.err())
                        .contains("lrplan: public.order_counts refreshed concurrently"),
                switchover.out() + switchover.err());
        assertTrue(
                switchover.out().contains("stopping before 20 20-back-sequence-values.target.sql"),
                switchover.out());
        assertTrue(switchover.out().contains(" --going-back\n"), switchover.out());
        assertTrue(switchover.out().contains(" --rollback-window-closed\n"), switchover.out());
        assertEquals(
                1,
                tgt.queryLong("SELECT count(*) FROM public.orders WHERE id = " + lastOrder.get()),
                "the last write arrived");
        for (String t : TABLES) {
            assertEquals(
                    src.queryLong("SELECT count(*) FROM " + t),
                    tgt.queryLong("SELECT count(*) FROM " + t),
                    t + " rows");
            assertEquals(
                    checksum(src, t, src),
                    checksum(tgt, t, src),
                    t + " checksum over the old cluster's columns");
        }
        assertTrue(
                tgt.queryLong("SELECT last_value FROM public.orders_id_seq") > lastOrder.get(),
                "sequence ahead");
        assertEquals(
                tgt.queryLong("SELECT count(*) FROM public.orders"),
                tgt.queryLong("SELECT sum(orders) FROM public.order_counts"),
                "the materialized view was refreshed after the final position, not before");

        tgt.exec("INSERT INTO public.orders (customer_id, total_amount) VALUES (1, 7.25)");
        src.await(
                "SELECT count(*) = 1 FROM public.orders WHERE legacy_total = 7.25",
                60,
                "rollback carries the write back");

        // After switchover status watches the rollback path, not a forward slot that is gone.
        Cli watched =
                Cli.run(
                        ac.env,
                        "status",
                        ac.out.toString(),
                        "--plan",
                        ac.plan.toString(),
                        "--watch",
                        "0.2",
                        "--count",
                        "2");
        assertEquals(0, watched.exit(), watched.err());
        assertEquals(
                2,
                java.util.regex.Pattern.compile("(?m)^--- \\d{4}-\\d\\d-\\d\\dT[0-9:]+Z ---$")
                        .matcher(watched.out())
                        .results()
                        .count(),
                watched.out());
        assertTrue(watched.out().contains("forward path: finished at switchover"), watched.out());
        assertFalse(watched.out().contains("no slot"), watched.out());
        assertFalse(watched.out().contains("no apply worker"), watched.out());
        assertTrue(
                watched.out().matches("(?s).*rollback path \\(\\S+\\): replicating, slot lag .*"),
                watched.out());
        assertTrue(watched.out().contains("source postgres@"), watched.out());
        JsonNode after =
                new ObjectMapper()
                        .readTree(
                                Cli.run(
                                                ac.env,
                                                "status",
                                                ac.out.toString(),
                                                "--plan",
                                                ac.plan.toString(),
                                                "--format",
                                                "json")
                                        .out());
        JsonNode next = after.get("nextStep");
        assertEquals("back-sequence-values", next.get("name").asText(), after.toString());
        assertEquals("target", next.get("cluster").asText());
        assertEquals("succeeded", after.get("steps").get(0).get("state").asText());
        assertTrue(after.get("clusters").get("target").asText().contains("@"));

        Cli cleanup = ac.apply("--all", "--rollback-window-closed");
        assertEquals(0, cleanup.exit(), cleanup.out() + cleanup.err());
        assertTrue(cleanup.out().contains("every step has been applied"), cleanup.out());
        assertEquals(
                0,
                src.queryLong(
                        "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()"));
        assertEquals(
                0,
                tgt.queryLong(
                        "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' "
                                + "AND column_name IN ('legacy_total', 'deprecated_flag')"),
                "shims dropped");
        assertEquals(
                23,
                tgt.queryLong(
                        "SELECT count(DISTINCT step) FROM lrplan.apply_ledger WHERE outcome = 'succeeded'"));
        assertEquals(
                "20-back-sequence-values.target.sql",
                tgt.queryString("SELECT file FROM lrplan.apply_ledger WHERE outcome = 'skipped'"),
                "staying on the new cluster skips the way back, on the record");
        assertTrue(
                cleanup.out().contains("20-back-sequence-values.target.sql skipped"),
                cleanup.out());

        Cli again = ac.apply("--all", "--writes-stopped", "--rollback-window-closed");
        assertEquals(0, again.exit(), again.err());
        assertTrue(
                again.out().contains("nothing to do"),
                "a step that succeeded is not run again: " + again.out());
    }

    @Test
    void aFailedStepRunsAgainOnceFixed() throws Exception {
        ApplyCase ac = ApplyCase.reference(dir);
        ac.source.exec("UPDATE public.customers SET email = repeat('x', 300) WHERE id = 7");
        Cli failed = ac.apply("--all");
        assertEquals(3, failed.exit(), failed.out() + failed.err());
        assertTrue(
                failed.err().contains("05-data-checks.source.sql")
                        && failed.err().contains("public.customers.email: 1 row(s)"),
                failed.err());
        assertEquals(
                "failed",
                ac.target.queryString("SELECT outcome FROM lrplan.apply_ledger WHERE step = 5"));
        assertEquals(
                0, ac.source.queryLong("SELECT count(*) FROM pg_publication"), "nothing published");

        ac.source.exec("UPDATE public.customers SET email = 'fixed@example.com' WHERE id = 7");
        Cli retried = ac.apply("--all", "--writes-stopped", "--rollback-window-closed");
        assertEquals(0, retried.exit(), retried.out() + retried.err());
        // The guard and the check function completed before the failed table: the function is
        // session state, so the resumed run (a new session) defines it again before the table.
        assertTrue(
                retried.out()
                        .contains(
                                "== 05 05-data-checks.source.sql on the source (again, after the 2 statement(s)"),
                retried.out());
        assertTrue(retried.out().contains("every step has been applied"), retried.out());
        assertEquals(
                1,
                ac.target.queryLong(
                        "SELECT count(*) FROM public.customers WHERE email = 'fixed@example.com'"));
    }

    @Test
    void aScriptChangedAfterCompileIsRefusedByName() throws Exception {
        ApplyCase ac = ApplyCase.reference(dir);
        Path pub = ac.out.resolve("07-publication.source.sql");
        Files.writeString(
                pub,
                Files.readString(pub)
                        + "ALTER PUBLICATION migration_v16_expanded_pub ADD TABLE public.django_migrations;\n");
        Cli refused = ac.apply("--all");
        assertEquals(4, refused.exit(), refused.out() + refused.err());
        assertTrue(
                refused.err().contains("07-publication.source.sql was changed after compile"),
                refused.err());
        assertEquals(
                0,
                ac.target.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname = 'lrplan'"),
                "nothing ran, not even the ledger");
    }

    @Test
    void aStepPointedAtTheWrongClusterIsRefused() throws Exception {
        ApplyCase ac = ApplyCase.reference(dir);
        Cli swapped =
                Cli.run(
                        Map.of(),
                        "apply",
                        ac.out.toString(),
                        "--source-url",
                        ac.target.uri(),
                        "--target-url",
                        ac.source.uri());
        assertEquals(4, swapped.exit(), swapped.out() + swapped.err());
        assertTrue(
                swapped.err().contains("the source connection")
                        && swapped.err().contains("PostgreSQL 16"),
                swapped.err());
        Db other = Db.create(Clusters.shared("13"), "other_src");
        Cli otherDb =
                Cli.run(
                        Map.of(),
                        "apply",
                        ac.out.toString(),
                        "--source-url",
                        other.uri(),
                        "--target-url",
                        ac.target.uri());
        assertEquals(4, otherDb.exit(), otherDb.err());
        assertTrue(otherDb.err().contains("reaches database " + other.name()), otherDb.err());

        Cli dry = ac.apply("--all", "--dry-run");
        assertEquals(0, dry.exit(), dry.err());
        assertTrue(
                dry.out()
                        .matches(
                                "(?s).*01 01-preflight\\.source\\.sql\\s+source\\s+pending\\s+would run\n.*"),
                dry.out());
        assertTrue(dry.out().contains("would stop here (needs --writes-stopped)"), dry.out());
        Cli dryJson = ac.apply("--all", "--dry-run", "--format", "json");
        assertEquals(0, dryJson.exit(), dryJson.err());
        assertTrue(dryJson.out().startsWith("{"), dryJson.out());
        com.fasterxml.jackson.databind.JsonNode steps =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(dryJson.out())
                        .get("steps");
        assertEquals("01-preflight.source.sql", steps.get(0).get("file").asText());
        assertEquals("would-run", steps.get(0).get("action").asText());
        com.fasterxml.jackson.databind.JsonNode last = steps.get(steps.size() - 1);
        assertEquals("would-stop", last.get("action").asText(), dryJson.out());
        assertEquals("--writes-stopped", last.get("needs").asText());
        assertEquals(2, ac.apply("--all", "--format", "json").exit(), "json is for --dry-run");
        assertEquals(
                0,
                ac.target.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname = 'lrplan'"),
                "a dry run writes nothing, not even the ledger");
        assertEquals(0, ac.source.queryLong("SELECT count(*) FROM pg_publication"));
    }

    /**
     * md5 of every row's text over the old cluster's columns, in primary-key (or full-row) order.
     */
    private static String checksum(Db db, String table, Db old) {
        String cols =
                old.queryString(
                        "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute "
                                + "WHERE attrelid = '"
                                + table
                                + "'::regclass AND attnum > 0 AND NOT attisdropped");
        return db.queryString(
                "SELECT md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) FROM (SELECT "
                        + cols
                        + " FROM "
                        + table
                        + ") r");
    }
}
