package dev.lrplan.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plans that used to validate and then fail on a live cluster: three renames on one table (one
 * function, one trigger), and a plan name so long that every derived name (publication,
 * subscription, slots) must be shortened.
 */
class MultipleRenamesTest {
    @TempDir Path dir;

    @Test
    void threeRenamesOnOneTableAndALongPlanNameRunEndToEnd() throws Exception {
        Db src = Db.create(Clusters.shared("13"), "renames_src");
        Db tgt = Db.create(Clusters.shared("16"), "renames_tgt");
        src.exec(
                "CREATE TABLE public.item (id int PRIMARY KEY, a text, b int, c date);"
                        + "INSERT INTO public.item SELECT g, 'a' || g, g, date '2020-01-01' + g FROM generate_series(1, 50) g;");
        tgt.exec("CREATE TABLE public.item (id int PRIMARY KEY, a2 text, b2 int, c2 date);");
        String name = "n".repeat(63);
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(
                plan,
                "plan: 1\nname: "
                        + name
                        + "\nsource: { url: \"${SRC}\" }\ntarget: { url: \"${DST}\" }\n"
                        + "drift:\n  renames: { public.item: { a: a2, b: b2, c: c2 } }\n");
        Map<String, String> env = Map.of("SRC", src.uri(), "DST", tgt.uri());
        Path out = dir.resolve("out");
        Cli compiled = Cli.run(env, "compile", plan.toString(), "-o", out.toString());
        assertEquals(0, compiled.exit(), compiled.err());
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
        src.exec(
                "INSERT INTO public.item VALUES (51, 'a51', 51, date '2030-01-01'); UPDATE public.item SET b = -1 WHERE id = 1");
        Cli rest =
                Cli.run(
                        env,
                        "apply",
                        out.toString(),
                        "--plan",
                        plan.toString(),
                        "--all",
                        "--writes-stopped",
                        "--gate-timeout",
                        "120");
        assertEquals(0, rest.exit(), rest.out() + rest.err());
        String sourceRows =
                "SELECT string_agg(id || a || b || c, ',' ORDER BY id) FROM public.item";
        assertEquals(
                src.queryString(sourceRows),
                tgt.queryString(
                        "SELECT string_agg(id || a2 || b2 || c2, ',' ORDER BY id)"
                                + " FROM public.item"));
        // The rollback path: a write by the new application (new columns only) reaches the old
        // cluster's columns.
        tgt.exec(
                "INSERT INTO public.item (id, a2, b2, c2) VALUES (52, 'new', 52, date '2031-01-01')");
        src.await(
                "SELECT EXISTS (SELECT FROM public.item WHERE id = 52 AND a = 'new' AND b = 52)",
                60,
                "the rollback write arrived through all three renames");
        Cli cleanup =
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
        assertEquals(0, cleanup.exit(), cleanup.out() + cleanup.err());
        assertEquals(
                0,
                tgt.queryLong(
                        "SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.item'::regclass"
                                + " AND attname IN ('a', 'b', 'c') AND NOT attisdropped"));
        assertEquals(
                0,
                tgt.queryLong(
                        "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'public.item'::regclass"));
        assertEquals(
                0,
                src.queryLong(
                        "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()"));
    }
}
