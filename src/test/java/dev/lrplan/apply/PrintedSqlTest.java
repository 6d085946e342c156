package dev.lrplan.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a step prints for the other cluster runs there while the step still runs (13 prints, 16
 * runs), as psql's pipe would run it: a printed statement has run on the other cluster before the
 * step's later statements; a failure there stops the step before its next statement, and is the
 * error reported; every printed statement runs, in order, once the step has ended.
 */
class PrintedSqlTest {
    private static final String HEADER =
            "\\pset tuples_only on\n\\pset format unaligned\nSELECT '\\set ON_ERROR_STOP on';\n";

    @Test
    void theOtherClusterRunsWhatWasPrintedWhileTheStepGoesOn() throws Exception {
        Db src = Db.create(Clusters.shared("13"), "printed_src");
        Db tgt = Db.create(Clusters.shared("16"), "printed_tgt");
        src.exec("CREATE TABLE public.step_done (at timestamptz)");
        tgt.exec("CREATE TABLE public.seen (n int, at timestamptz)");
        StringBuilder step = new StringBuilder(HEADER);
        // 50 statements printed one query at a time, and a \gset in the printed text.
        for (int i = 1; i <= 50; i++) {
            step.append("SELECT 'INSERT INTO public.seen VALUES (")
                    .append(i)
                    .append(", clock_timestamp());';\n");
        }
        step.append("SELECT 'SELECT count(*) AS seen_so_far FROM public.seen' || E'\\n\\\\gset';\n")
                .append("SELECT 'INSERT INTO public.seen VALUES (:seen_so_far + 1000, now());';\n")
                .append("DO $$ BEGIN PERFORM pg_sleep(1.5); END $$;\n")
                .append("INSERT INTO public.step_done VALUES (clock_timestamp());\n");
        String ran = run(src, tgt, step.toString());
        assertTrue(ran.contains("52 statement(s)"), ran);
        assertEquals(51, tgt.queryLong("SELECT count(*) FROM public.seen"));
        assertEquals(1050, tgt.queryLong("SELECT max(n) FROM public.seen"), "\\gset read 50 rows");
        assertEquals(
                1,
                tgt.queryLong(
                        "SELECT count(*) FROM public.seen WHERE n = 50 AND at < '"
                                + src.queryString("SELECT at::text FROM public.step_done")
                                + "'::timestamptz"),
                "the 50th printed insert ran on the target before the step's last statement");
        assertEquals(
                "1,2,3,4,5,6,7,8,9,10",
                tgt.queryString(
                        "SELECT string_agg(n::text, ',' ORDER BY at) FROM (SELECT * FROM public.seen"
                                + " ORDER BY at LIMIT 10) s"),
                "in the order printed");
    }

    @Test
    void aFailureThereStopsTheStepBeforeItsNextStatement() throws Exception {
        Db src = Db.create(Clusters.shared("13"), "printed_src");
        Db tgt = Db.create(Clusters.shared("16"), "printed_tgt");
        src.exec("CREATE TABLE public.after_failure (x int)");
        String step =
                HEADER
                        + "SELECT 'SELECT 1 / 0;';\n"
                        + "SELECT 'SELECT 2;';\n"
                        + "DO $$ BEGIN PERFORM pg_sleep(2); END $$;\n"
                        + "INSERT INTO public.after_failure VALUES (1);\n";
        ApplyException e = assertThrows(ApplyException.class, () -> run(src, tgt, step));
        assertTrue(
                e.getMessage().contains("step.sql (its output, on the target):")
                        && e.getMessage().contains("division by zero"),
                e.getMessage());
        assertEquals(0, src.queryLong("SELECT count(*) FROM public.after_failure"));
    }

    /**
     * Runs the step on src as apply does, its printed statements on tgt; returns the count line.
     */
    private static String run(Db src, Db tgt, String step) throws Exception {
        StringWriter out = new StringWriter();
        PrintWriter w = new PrintWriter(out, true);
        try (Connection s = src.connect();
                Connection t = tgt.connect()) {
            PrintedSql printed = new PrintedSql("step.sql (its output, on the target)", t);
            try {
                new ScriptRunner(s, w, w, Map.of())
                        .run(Script.parse("step.sql", step), 0, done -> {}, printed);
            } catch (RuntimeException ex) {
                printed.abandon();
                throw ex;
            }
            return printed.finish() + " statement(s)";
        }
    }
}
