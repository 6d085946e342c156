package dev.lrplan.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Facts of logical replication from DESIGN.md that the compiler's decisions rest on, shown on real
 * servers with hand-written subscriptions, next to what lrplan does about each.
 */
class ReplicationFactsTest {
    @TempDir Path dir;

    /**
     * Seen on 16 → 17: binary transfer of int into bigint breaks the table sync; lrplan drops
     * binary = true.
     */
    @Test
    void binaryTransferNeedsIdenticalTypes() throws Exception {
        Db src = Db.create(Clusters.shared("16"), "bin_src");
        Db tgt = Db.create(Clusters.shared("17"), "bin_tgt");
        src.exec(
                "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 10);"
                        + "CREATE PUBLICATION raw_pub FOR TABLE t;");
        tgt.exec("CREATE TABLE t (id bigint PRIMARY KEY)");
        tgt.exec(
                "CREATE SUBSCRIPTION raw_sub CONNECTION '"
                        + src.uri()
                        + "' PUBLICATION raw_pub WITH (binary = true)");
        tgt.await(
                "SELECT sync_error_count > 0 FROM pg_stat_subscription_stats WHERE subname = 'raw_sub'",
                60,
                "the table sync fails with binary = true");
        assertEquals(0, tgt.queryLong("SELECT count(*) FROM t"));
        tgt.exec("DROP SUBSCRIPTION raw_sub");
        src.exec("DROP PUBLICATION raw_pub");

        Path plan = dir.resolve("plan.yaml");
        Files.writeString(
                plan,
                """
                plan: 1
                name: bin
                source: { url: "${SRC}" }
                target: { url: "${DST}" }
                replication: { options: { binary: true } }
                """);
        Path out = dir.resolve("out");
        Cli cli =
                Cli.run(
                        Map.of("SRC", src.uri(), "DST", tgt.uri()),
                        "compile",
                        plan.toString(),
                        "-o",
                        out.toString());
        assertEquals(0, cli.exit(), cli.err());
        String subscription = Files.readString(CompiledSteps.file(out, "subscription"));
        assertFalse(subscription.contains("binary"), subscription);
        assertTrue(
                Files.readString(out.resolve("REVIEW.md")).contains("binary"),
                "REVIEW.md names the dropped option");
        Map<String, String> vars =
                Map.of("source_conninfo", src.uri(), "target_conninfo", tgt.uri());
        Psql.file(src, CompiledSteps.file(out, "publication"), vars).assertOk("publication");
        Psql.file(tgt, CompiledSteps.file(out, "subscription"), vars).assertOk("subscription");
        Psql.file(tgt, CompiledSteps.file(out, "enable-subscription"), vars)
                .assertOk("enable-subscription");
        tgt.await("SELECT count(*) = 10 FROM t", 60, "text transfer copies int into bigint");
        tgt.exec("DROP SUBSCRIPTION bin_sub");
    }

    /**
     * A NOT NULL target column without a default makes every replicated INSERT fail; lrplan refuses
     * the plan.
     */
    @Test
    void aNotNullTargetColumnWithoutDefaultBreaksReplicatedInserts() throws Exception {
        Db src = Db.create(Clusters.shared("13"), "nn_src");
        Db tgt = Db.create(Clusters.shared("16"), "nn_tgt");
        src.exec(
                "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1); CREATE PUBLICATION raw_pub FOR TABLE t;");
        tgt.exec("CREATE TABLE t (id bigint PRIMARY KEY, tenant text NOT NULL)");
        tgt.exec("CREATE SUBSCRIPTION raw_sub CONNECTION '" + src.uri() + "' PUBLICATION raw_pub");
        tgt.await(
                "SELECT sync_error_count > 0 FROM pg_stat_subscription_stats WHERE subname = 'raw_sub'",
                60,
                "the copy fails on the NOT NULL column");
        assertEquals(0, tgt.queryLong("SELECT count(*) FROM t"));
        tgt.exec("DROP SUBSCRIPTION raw_sub");
        src.exec("DROP PUBLICATION raw_pub");

        Path plan = dir.resolve("plan.yaml");
        Files.writeString(
                plan,
                "plan: 1\nname: nn\nsource: { url: \"${SRC}\" }\ntarget: { url: \"${DST}\" }\n");
        Cli diff = Cli.run(Map.of("SRC", src.uri(), "DST", tgt.uri()), "diff", plan.toString());
        assertEquals(4, diff.exit(), diff.out() + diff.err());
        assertTrue(
                diff.out().contains("LR102") && diff.out().contains("public.t.tenant"), diff.out());
    }
}
