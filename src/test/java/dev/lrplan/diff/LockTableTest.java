package dev.lrplan.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import dev.lrplan.testing.Psql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LR128 on a live source whose lock table is small (max_locks_per_transaction 10 for 52 processes:
 * 20 connections, 3 autovacuum workers and their launcher, 8 background workers, 20 WAL senders;
 * sized for 520 locks): 600 tables draw a warning, 1,700 (over three times the size) an error that
 * stops compile, and creating a publication of those 1,700 tables there does fail with "out of
 * shared memory". The target's lock table is large: nothing is said of it.
 */
class LockTableTest {
    @TempDir Path dir;

    @Test
    void aPublicationLargerThanTheLockTableIsSaidBeforeAnythingRuns() throws Exception {
        Map<String, String> small = new HashMap<>(Clusters.LOGICAL);
        small.put("max_locks_per_transaction", "10");
        small.put("max_connections", "20");
        small.put("shared_preload_libraries", "");
        try (var c16 = Clusters.start("16", small)) {
            Db src = Db.create(c16, "locks_src");
            Db tgt = Db.create(Clusters.shared("16"), "locks_tgt");
            create(src, 1, 600);
            create(tgt, 1, 600);
            JsonNode warned = lr128(src, tgt);
            assertEquals("warning", warned.get("severity").asText(), warned.toString());
            assertEquals("source", warned.get("subject").asText(), warned.toString());
            assertTrue(
                    warned.get("message").asText().contains("locks 600 tables in one transaction"),
                    warned.toString());

            create(src, 601, 1700);
            create(tgt, 601, 1700);
            JsonNode refused = lr128(src, tgt);
            assertEquals("error", refused.get("severity").asText(), refused.toString());
            String message = refused.get("message").asText();
            assertTrue(message.contains("would fail"), message);
            Cli compiled = compile(src, tgt);
            assertTrue(compiled.exit() != 0, "an error stops compile: " + compiled.out());
            assertTrue(compiled.err().contains("LR128"), compiled.err());

            // The premise: the step that finding speaks of fails there as said.
            StringBuilder all = new StringBuilder("CREATE PUBLICATION p FOR TABLE ");
            for (int i = 1; i <= 1700; i++) {
                all.append(i == 1 ? "" : ", ").append("public.t").append(i);
            }
            Psql.Result failed = Psql.stdin(src, all + ";\n");
            assertTrue(failed.err().contains("out of shared memory"), failed.err());

            // The value the finding gives is enough.
            int enough =
                    Integer.parseInt(
                            message.replaceAll(".*max_locks_per_transaction = ([0-9]+).*", "$1"));
            assertTrue(enough * 52L >= 1700, message);
        }
    }

    private JsonNode lr128(Db src, Db tgt) throws Exception {
        Cli diff = Cli.run(env(src, tgt), "diff", plan().toString(), "--format", "json");
        List<JsonNode> found = new java.util.ArrayList<>();
        for (JsonNode f : new ObjectMapper().readTree(diff.out()).get("findings")) {
            if (f.get("code").asText().equals("LR128")) {
                found.add(f);
            }
        }
        assertEquals(1, found.size(), "one LR128, for the source: " + diff.out() + diff.err());
        return found.get(0);
    }

    private Cli compile(Db src, Db tgt) throws Exception {
        return Cli.run(
                env(src, tgt), "compile", plan().toString(), "-o", dir.resolve("out").toString());
    }

    private Path plan() throws Exception {
        Path plan = dir.resolve("locks.yaml");
        Files.writeString(
                plan,
                "plan: 1\nname: locks\nsource: { url: \"${SRC}\" }\ntarget: { url: \"${DST}\" }\n");
        return plan;
    }

    private static Map<String, String> env(Db src, Db tgt) {
        return Map.of("SRC", src.uri(), "DST", tgt.uri());
    }

    private static void create(Db db, int from, int to) {
        db.exec(
                "DO $$ BEGIN FOR i IN "
                        + from
                        + ".."
                        + to
                        + " LOOP EXECUTE format('CREATE TABLE public.t%s (id bigint PRIMARY KEY)', i);"
                        + " COMMIT; END LOOP; END $$");
    }
}
