package dev.lrplan.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staged table addition on 13 → 16: five tables in three stages, smallest first, with a writer on
 * every table. A stage is published only when the previous stages' tables are ready and the plan's
 * interval has passed; at the end every row is there, as the verify-data step checks.
 */
class StagedAdditionTest {
    @TempDir Path dir;

    @Test
    void threeStagesEachAfterThePreviousIsReady() throws Exception {
        Db src = Db.create(Clusters.shared("13"), "staged_src");
        Db tgt = Db.create(Clusters.shared("16"), "staged_tgt");
        StringBuilder s = new StringBuilder();
        StringBuilder t = new StringBuilder();
        int[] rows = {20000, 10, 5000, 100, 1000};
        for (int i = 1; i <= 5; i++) {
            String ddl = "CREATE TABLE public.t" + i + " (id bigserial PRIMARY KEY, v text);";
            s.append(ddl)
                    .append("INSERT INTO public.t")
                    .append(i)
                    .append(" (v) SELECT repeat('x', 50) FROM generate_series(1, ")
                    .append(rows[i - 1])
                    .append(");");
            t.append(ddl);
        }
        src.exec(s.toString());
        src.exec("VACUUM ANALYZE");
        tgt.exec(t.toString());
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(
                plan,
                "plan: 1\nname: staged\nsource: { url: \"${SRC}\" }\ntarget: { url: \"${DST}\" }\n"
                        + "replication:\n  stages: { max_tables: 2, interval: 2s }\n");
        Map<String, String> env = Map.of("SRC", src.uri(), "DST", tgt.uri());
        Path out = dir.resolve("out");
        Cli compiled = Cli.run(env, "compile", plan.toString(), "-o", out.toString());
        assertEquals(0, compiled.exit(), compiled.err());
        Map<String, Integer> step = new HashMap<>();
        for (JsonNode st :
                new ObjectMapper().readTree(out.resolve("manifest.json").toFile()).get("steps")) {
            step.put(st.get("name").asText(), st.get("number").asInt());
        }
        assertTrue(
                step.containsKey("add-tables-3") && !step.containsKey("add-tables-4"),
                step.toString());
        assertTrue(
                Files.readString(
                                out.resolve(
                                        String.format(
                                                "%02d-publication.source.sql",
                                                step.get("publication"))))
                        .contains("public.t2,\n  public.t4"),
                "the two smallest tables first");

        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer =
                new Thread(
                        () -> {
                            while (writing.get()) {
                                for (int i = 1; i <= 5; i++) {
                                    src.exec("INSERT INTO public.t" + i + " (v) VALUES ('during')");
                                }
                            }
                        });
        writer.start();
        try {
            Cli first =
                    Cli.run(
                            env,
                            "apply",
                            out.toString(),
                            "--plan",
                            plan.toString(),
                            "--through",
                            Integer.toString(step.get("add-tables-2")),
                            "--gate-timeout",
                            "120");
            assertEquals(0, first.exit(), first.out() + first.err());
            assertEquals(
                    "t2:r,t4:r",
                    tgt.queryString(
                            "SELECT string_agg(srrelid::regclass::text || ':' || srsubstate::text, ','"
                                    + " ORDER BY srrelid::regclass::text) FROM pg_subscription_rel"),
                    "stage 2 was published only when stage 1 was ready, and is not subscribed yet");
            Cli rest =
                    Cli.run(
                            env,
                            "apply",
                            out.toString(),
                            "--plan",
                            plan.toString(),
                            "--all",
                            "--gate-timeout",
                            "120");
            assertEquals(0, rest.exit(), rest.out() + rest.err());
        } finally {
            writing.set(false);
            writer.join();
        }
        assertTrue(
                tgt.queryLong(
                                "SELECT extract(epoch FROM (SELECT started_at FROM lrplan.apply_ledger WHERE step = "
                                        + step.get("add-tables-3")
                                        + ") - (SELECT finished_at FROM lrplan.apply_ledger WHERE step = "
                                        + step.get("refresh-subscription-2")
                                        + "))::bigint")
                        >= 2,
                "the interval passed between the stages");
        Cli done =
                Cli.run(
                        env,
                        "apply",
                        out.toString(),
                        "--plan",
                        plan.toString(),
                        "--all",
                        "--writes-stopped",
                        "--rollback-window-closed",
                        "--gate-timeout",
                        "120");
        assertEquals(0, done.exit(), done.out() + done.err());
        assertTrue(done.err().contains("lrplan: public.t1 verified"), done.err());
        for (int i = 1; i <= 5; i++) {
            assertEquals(
                    src.queryLong("SELECT count(*) FROM public.t" + i),
                    tgt.queryLong("SELECT count(*) FROM public.t" + i));
        }
    }
}
