package dev.lrplan.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Psql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The confirm-final-lsn step takes the source's final position, then, where the target has not
 * reported it yet, commits a logical message after it, synchronously. Without that, WAL that waits
 * in the source's buffers for the WAL writer (a record the server wrote in the background, or an
 * asynchronously committed write) cannot be sent, and WAL that decodes to nothing is reported only
 * by a later keepalive: the step waits up to wal_writer_delay inside the application's write pause.
 * Here the WAL writer sleeps 10 s (wal_writer_delay, reset afterwards) and the last write commits
 * with synchronous_commit = off; the step (its DO block commits the message on a source of 11 and
 * later), run with psql as an operator would, must commit its message, and the write must be on the
 * target when the step returns.
 */
class FinalPositionFlushTest {
    @TempDir Path dir;

    @AfterEach
    void dropReplication() {
        ApplyCase.cleanUpAll();
    }

    @Test
    void theStepFlushesTheFinalPositionItTookAndTheWriteBeforeItArrives() throws Exception {
        ApplyCase ac = ApplyCase.reference(dir);
        assertEquals(0, ac.apply("--all").exit());
        Path step;
        try (Stream<Path> files = Files.list(ac.out)) {
            step =
                    files.filter(
                                    f ->
                                            f.getFileName()
                                                    .toString()
                                                    .endsWith("confirm-final-lsn.source.sql"))
                            .findFirst()
                            .orElseThrow();
        }
        ac.source.exec("ALTER SYSTEM SET wal_writer_delay = '10s'; SELECT pg_reload_conf()");
        try (Connection app = ac.source.connect();
                Statement st = app.createStatement()) {
            String unflushed = null;
            // A write whose WAL fills a page wakes the WAL writer at once: try again then.
            for (int attempt = 0; attempt < 20 && unflushed == null; attempt++) {
                st.execute("SET synchronous_commit = off");
                st.execute(
                        "INSERT INTO public.customers (name, email) VALUES ('async "
                                + attempt
                                + "', 'a@b')");
                unflushed =
                        ac.source.queryString(
                                "SELECT CASE WHEN pg_current_wal_insert_lsn() > pg_current_wal_flush_lsn()"
                                        + " THEN pg_current_wal_insert_lsn()::text END");
            }
            assertTrue(unflushed != null, "an asynchronous commit left WAL unflushed");

            Psql.Result r = Psql.file(ac.source, step, Map.of()).assertOk("confirm-final-lsn");
            assertTrue(
                    r.err().contains("committed a logical message after the final LSN"),
                    r.out() + r.err());
            String finalLsn = finalLsn(r.err());
            assertTrue(
                    ac.source.queryLong(
                                    "SELECT ('"
                                            + finalLsn
                                            + "'::pg_lsn >= '"
                                            + unflushed
                                            + "'::pg_lsn)::int")
                            == 1,
                    "the final position " + finalLsn + " covers the write at " + unflushed);
            assertEquals(
                    ac.source.queryLong(
                            "SELECT count(*) FROM public.customers WHERE name LIKE 'async %'"),
                    ac.target.queryLong(
                            "SELECT count(*) FROM public.customers WHERE name LIKE 'async %'"),
                    "the asynchronously committed write is on the target when the step returns");

            // A rerun takes a new final position (apply runs this step again from its start).
            Psql.Result again =
                    Psql.file(ac.source, step, Map.of()).assertOk("confirm-final-lsn again");
            assertTrue(
                    ac.source.queryLong(
                                    "SELECT ('"
                                            + finalLsn(again.err())
                                            + "'::pg_lsn >= '"
                                            + finalLsn
                                            + "'::pg_lsn)::int")
                            == 1);
        } finally {
            ac.source.exec("ALTER SYSTEM RESET wal_writer_delay; SELECT pg_reload_conf()");
        }
    }

    private static String finalLsn(String notices) {
        Matcher m = Pattern.compile("\\(final LSN ([0-9A-F]+/[0-9A-F]+)\\)").matcher(notices);
        assertTrue(m.find(), notices);
        return m.group(1);
    }
}
