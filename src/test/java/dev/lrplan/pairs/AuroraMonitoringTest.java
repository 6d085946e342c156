package dev.lrplan.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code monitoring.aurora: true} adds Aurora's own position to the monitor steps only where the
 * server has {@code aurora_volume_logical_start_lsn()} (issue 11, item 12: on plain PostgreSQL the
 * step failed). The source here has a stand-in of that function, the target has none: the same plan
 * runs on both, showing the value on one and saying it skipped on the other.
 */
class AuroraMonitoringTest {
    @TempDir Path dir;

    @Test
    void theAuroraQueryRunsWhereTheFunctionExistsAndIsSkippedElsewhere() throws Exception {
        Db src = Db.create(Clusters.shared("13"), "aurora_old");
        Db tgt = Db.create(Clusters.shared("16"), "aurora_new");
        src.exec(
                "CREATE TABLE public.t (id int PRIMARY KEY); INSERT INTO public.t SELECT generate_series(1, 10);"
                        + "CREATE FUNCTION public.aurora_volume_logical_start_lsn() RETURNS pg_lsn"
                        + " LANGUAGE sql AS $$SELECT '0/ABCDEF'::pg_lsn$$;");
        tgt.exec("CREATE TABLE public.t (id int PRIMARY KEY);");
        Path plan = dir.resolve("aurora.yaml");
        Files.writeString(
                plan,
                """
                plan: 1
                name: aurora
                source: { url: "${SRC}" }
                target: { url: "${DST}" }
                monitoring: { aurora: true }
                """);
        Map<String, String> env = Map.of("SRC", src.uri(), "DST", tgt.uri());
        Path out = dir.resolve("out");
        Cli compiled = Cli.run(env, "compile", plan.toString(), "-o", out.toString());
        assertEquals(0, compiled.exit(), compiled.out() + compiled.err());
        Cli synced =
                Cli.run(
                        env,
                        "apply",
                        out.toString(),
                        "--plan",
                        plan.toString(),
                        "--all",
                        "--gate-timeout",
                        "120");
        assertEquals(0, synced.exit(), synced.out() + synced.err());
        assertTrue(synced.out().contains("0/ABCDEF"), synced.out());
        assertTrue(
                synced.out().contains("this server has no aurora_volume_logical_start_lsn()"),
                synced.out());
        Cli cleaned =
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
        assertEquals(0, cleaned.exit(), cleaned.out() + cleaned.err());
    }
}
