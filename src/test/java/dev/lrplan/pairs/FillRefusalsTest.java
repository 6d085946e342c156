package dev.lrplan.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code drift.fill} that cannot work is refused before anything runs, with the column and
 * the reason; one that compiles but gives NULL, or calls a function the target lacks, stops at a
 * step that names it, never with a half-replicated table.
 */
class FillRefusalsTest {
    @TempDir static Path dir;
    static Db src;
    static Db tgt;
    static Map<String, String> env;

    @BeforeAll
    static void clusters() {
        src = Db.create(Clusters.shared("13"), "fill_old");
        tgt = Db.create(Clusters.shared("16"), "fill_new");
        src.exec(
                "CREATE TABLE public.o (id int PRIMARY KEY, placed date, note text);"
                        + "CREATE TABLE public.other (id int PRIMARY KEY);"
                        + "INSERT INTO public.o SELECT g, CASE WHEN g % 2 = 0 THEN date '2024-01-01' END, 'n' || g"
                        + " FROM generate_series(1, 20) g;");
        tgt.exec(
                "CREATE TABLE public.o (id int PRIMARY KEY, placed date, note text, created date NOT NULL);"
                        + "CREATE TABLE public.other (id int PRIMARY KEY);");
        env = Map.of("SRC", src.uri(), "DST", tgt.uri());
    }

    private static Cli compile(String name, String fill, Path out) throws Exception {
        Path plan = dir.resolve(name + ".yaml");
        Files.writeString(
                plan,
                "plan: 1\nname: "
                        + name
                        + "\nsource: { url: \"${SRC}\" }\ntarget: { url: \"${DST}\" }\n"
                        + "tables: { exclude: [public.other] }\n"
                        + "drift:\n  fill:\n"
                        + fill);
        return Cli.run(env, "compile", plan.toString(), "-o", out.toString());
    }

    /** (fill entries, exit code, words the error must hold) */
    record Bad(String fill, int exit, String says) {}

    @Test
    void fillsThatCannotWorkAreRefusedBeforeAnythingRuns() throws Exception {
        List<Bad> cases =
                List.of(
                        new Bad("    public.o: { created: \"nextval('s')\" }\n", 2, "volatile"),
                        new Bad(
                                "    public.o: { created: \"random()::int + placed\" }\n",
                                2,
                                "volatile"),
                        new Bad(
                                "    public.o: { created: \"(SELECT max(placed) FROM o)\" }\n",
                                2,
                                "subquery"),
                        new Bad(
                                "    public.o: { created: \"placed; DROP TABLE o\" }\n",
                                2,
                                "not an SQL expression"),
                        new Bad(
                                "    public.o: { created: \"o.placed\" }\n",
                                2,
                                "without a table name"),
                        new Bad("    public.o: { created: \"\" }\n", 2, "empty"),
                        new Bad(
                                "    public.o: { created: \"coalesce(nope, placed)\" }\n",
                                4,
                                "reads nope"),
                        new Bad(
                                "    public.o: { note: \"placed::text\" }\n",
                                4,
                                "the source has this column"),
                        new Bad(
                                "    public.o: { missing: \"placed\" }\n",
                                4,
                                "has no column missing"),
                        new Bad(
                                "    public.other: { created: \"now()::date\" }\n",
                                4,
                                "does not replicate"),
                        new Bad("    o: { created: \"placed\" }\n", 2, "schema.table"));
        int i = 0;
        for (Bad b : cases) {
            Path out = dir.resolve("bad" + i++);
            Cli c = compile("bad_fill_" + i, b.fill(), out);
            assertEquals(b.exit(), c.exit(), b.fill() + c.out() + c.err());
            assertTrue(
                    (c.out() + c.err()).contains(b.says()),
                    b.fill() + " should say " + b.says() + ": " + c.out() + c.err());
            assertTrue(
                    !Files.exists(out.resolve("manifest.json")),
                    b.fill() + ": nothing was written");
        }
        Cli leftOut = compile("no_fill", "    {}\n", dir.resolve("none"));
        assertEquals(4, leftOut.exit(), "without a fill, the NOT NULL column is LR102");
        assertTrue((leftOut.out() + leftOut.err()).contains("LR102"), leftOut.err());
    }

    @Test
    void aFillThatGivesNullStopsBeforeTheSwitchoverNamingTheColumn() throws Exception {
        Path out = dir.resolve("nulls");
        Cli c = compile("null_fill", "    public.o: { created: \"placed\" }\n", out);
        assertEquals(0, c.exit(), c.out() + c.err());
        Path plan = dir.resolve("null_fill.yaml");
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
        assertTrue(synced.exit() != 0, synced.out() + synced.err());
        assertTrue(
                synced.err().contains("public.o.created is NULL in 10 row(s)"),
                synced.out() + synced.err());
        assertEquals(10, tgt.queryLong("SELECT count(*) FROM public.o WHERE created IS NOT NULL"));
        // The operator fixes the rows, and the step passes.
        tgt.exec("UPDATE public.o SET created = date '1999-01-01' WHERE created IS NULL");
        Cli again =
                Cli.run(
                        env,
                        "apply",
                        out.toString(),
                        "--plan",
                        plan.toString(),
                        "--all",
                        "--gate-timeout",
                        "120");
        assertEquals(0, again.exit(), again.out() + again.err());
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
    }

    @Test
    void aFunctionTheTargetLacksStopsTheSchemaStepNamingIt() throws Exception {
        Path out = dir.resolve("nofn");
        Cli c = compile("no_fn", "    public.o: { created: \"lrplan_no_such_fn(placed)\" }\n", out);
        assertEquals(0, c.exit(), c.out() + c.err());
        Cli run =
                Cli.run(
                        env,
                        "apply",
                        out.toString(),
                        "--plan",
                        dir.resolve("no_fn.yaml").toString(),
                        "--all");
        assertTrue(run.exit() != 0, run.out() + run.err());
        assertTrue(
                run.err().contains("calls lrplan_no_such_fn(), which the target does not have"),
                run.out() + run.err());
        assertEquals(
                0,
                tgt.queryLong("SELECT count(*) FROM pg_trigger WHERE tgname = 'lrplan_drift'"),
                "the schema step stopped before creating anything");
    }
}
