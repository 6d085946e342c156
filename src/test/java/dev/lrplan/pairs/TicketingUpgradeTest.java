package dev.lrplan.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test schema pair unlike the reference case, upgraded 13 → 16 end to end with plan keys only
 * (issue 11): a ticketing application whose new version adds a NOT NULL column filled from an old
 * one, builds a column from three old typed columns, renames three columns of one table (one of
 * them widened, varchar(6) → varchar(100)), and keeps a log table without a primary key. A writer
 * runs during the sync; then switchover, writes by the new application on the new cluster
 * (including values too wide for the old column), and cleanup.
 */
class TicketingUpgradeTest {
    @TempDir Path dir;

    @Test
    void fillsRenamesAndAKeylessTableUpgradeAndRollBackWithoutLoss() throws Exception {
        Db src = Db.create(Clusters.shared("13"), "tickets_old");
        Db tgt = Db.create(Clusters.shared("16"), "tickets_new");
        src.exec(
                """
                CREATE TABLE public.ticket (
                  id serial PRIMARY KEY, title varchar(6), body text, prio_code int,
                  opened_on date, kind_text text, kind_num bigint, kind_date date);
                CREATE TABLE public.event_log (at timestamptz DEFAULT now(), what text);
                INSERT INTO public.ticket (title, body, prio_code, opened_on, kind_text, kind_num, kind_date)
                SELECT 't' || g, 'body ' || g, g % 5, CASE WHEN g % 3 = 0 THEN NULL ELSE date '2024-01-01' + g END,
                       CASE WHEN g % 4 = 0 THEN 'text' END, CASE WHEN g % 4 = 1 THEN g END,
                       CASE WHEN g % 4 = 2 THEN date '2020-01-01' + g END
                  FROM generate_series(1, 300) g;
                INSERT INTO public.event_log (what) SELECT 'event ' || g FROM generate_series(1, 40) g;
                """);
        tgt.exec(
                """
                CREATE TABLE public.ticket (
                  id serial PRIMARY KEY, subject varchar(100), content text, priority int,
                  opened_on date, created_at timestamptz NOT NULL, kind text);
                CREATE TABLE public.event_log (at timestamptz DEFAULT now(), what text);
                """);
        Path plan = dir.resolve("tickets.yaml");
        Files.writeString(
                plan,
                """
                plan: 1
                name: tickets
                source: { url: "${SRC}" }
                target: { url: "${DST}" }
                tables: { without_primary_key: insert-only }
                drift:
                  renames: { public.ticket: { title: subject, body: content, prio_code: priority } }
                  fill:
                    public.ticket:
                      created_at: "coalesce(opened_on::timestamptz, '2000-01-01 00:00:00+00'::timestamptz)"
                      kind: "coalesce(kind_text, kind_num::text, kind_date::text)"
                """);
        Map<String, String> env = Map.of("SRC", src.uri(), "DST", tgt.uri());
        Path out = dir.resolve("out");
        Cli compiled = Cli.run(env, "compile", plan.toString(), "-o", out.toString());
        assertEquals(0, compiled.exit(), compiled.out() + compiled.err());
        String review = Files.readString(out.resolve("REVIEW.md"));
        assertTrue(review.contains("LR123"), review);
        assertTrue(review.contains("coalesce(kind_text, kind_num::text, kind_date::text)"), review);
        assertTrue(
                review.contains("LR121") && review.contains("public.ticket.subject"),
                "the widened rename is named up front");

        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer =
                new Thread(
                        () -> {
                            int i = 0;
                            while (writing.get()) {
                                i++;
                                src.exec(
                                        "INSERT INTO public.ticket (title, body, prio_code, opened_on, kind_num)"
                                                + " VALUES ('w"
                                                + (i % 1000)
                                                + "', 'during', 1, date '2025-05-05', "
                                                + i
                                                + "); UPDATE public.ticket SET kind_num = NULL, kind_text = 'changed'"
                                                + " WHERE id = "
                                                + (i % 300 + 1)
                                                + "; INSERT INTO public.event_log (what) VALUES ('during')");
                            }
                        });
        writer.start();
        Cli synced;
        try {
            synced = Cli.apply(env, out, plan, "--all");
        } finally {
            writing.set(false);
            writer.join();
        }
        assertEquals(0, synced.exit(), synced.out() + synced.err());

        Cli switched = Cli.apply(env, out, plan, "--all", "--writes-stopped");
        assertEquals(0, switched.exit(), switched.out() + switched.err());
        assertTrue(synced.out().contains("restore-not-null"), synced.out());
        assertEquals(
                "t",
                tgt.queryString(
                                "SELECT attnotnull::text FROM pg_attribute WHERE attrelid = 'public.ticket'::regclass"
                                        + " AND attname = 'created_at'")
                        .substring(0, 1),
                "NOT NULL restored");
        assertEquals(
                src.queryString(
                        "SELECT string_agg(concat_ws('|', id, title, body, prio_code, opened_on,"
                                + " coalesce(opened_on::timestamptz, '2000-01-01 00:00:00+00')::text,"
                                + " coalesce(kind_text, kind_num::text, kind_date::text)), ',' ORDER BY id)"
                                + " FROM public.ticket"),
                tgt.queryString(
                        "SELECT string_agg(concat_ws('|', id, subject, content, priority, opened_on,"
                                + " created_at::text, kind), ',' ORDER BY id) FROM public.ticket"),
                "every row, renamed and filled, arrived");
        assertEquals(
                src.queryLong("SELECT count(*) FROM public.event_log"),
                tgt.queryLong("SELECT count(*) FROM public.event_log"),
                "the keyless table's inserts arrived");

        // The new application writes on the new cluster: a subject too wide for the old title
        // does not fail, and is counted as not carried back; a short one arrives.
        tgt.exec(
                "INSERT INTO public.ticket (subject, content, priority, created_at, kind)"
                        + " VALUES ('a subject far longer than six characters', 'new app', 2, now(), 'x');"
                        + "INSERT INTO public.ticket (subject, content, priority, created_at, kind)"
                        + " VALUES ('short', 'new app 2', 3, now(), 'y');"
                        + "UPDATE public.ticket SET subject = 'another subject that is too wide' WHERE id = 1;"
                        + "INSERT INTO public.event_log (what) VALUES ('after switchover')");
        src.await(
                "SELECT EXISTS (SELECT FROM public.ticket WHERE title = 'short' AND body = 'new app 2')"
                        + " AND EXISTS (SELECT FROM public.ticket WHERE body = 'new app' AND title IS NULL)"
                        + " AND EXISTS (SELECT FROM public.event_log WHERE what = 'after switchover')",
                60,
                "the rollback writes arrived, the too-wide value as NULL");
        assertEquals(
                "t1",
                src.queryString("SELECT title FROM public.ticket WHERE id = 1"),
                "the old column kept its value where the new one was too wide");
        Cli status = Cli.run(env, "status", out.toString(), "--plan", plan.toString());
        assertEquals(0, status.exit(), status.out() + status.err());
        assertTrue(
                status.out().contains("public.ticket.subject: 2 row(s) hold a value too wide"),
                status.out());
        assertTrue(status.out().contains("rollback path"), status.out());

        Cli cleaned =
                Cli.apply(env, out, plan, "--all", "--writes-stopped", "--rollback-window-closed");
        assertEquals(0, cleaned.exit(), cleaned.out() + cleaned.err());
        assertEquals(
                0,
                tgt.queryLong(
                        "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'public.ticket'::regclass"),
                "no drift trigger left");
        assertEquals(0, tgt.queryLong("SELECT count(*) FROM pg_proc WHERE proname LIKE 'lrplan%'"));
        assertEquals(
                0,
                tgt.queryLong(
                        "SELECT count(*) FROM pg_class WHERE relname = 'rollback_not_carried'"));
        for (Db db : new Db[] {src, tgt}) {
            assertEquals(
                    0,
                    db.queryLong(
                            "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()"),
                    db.name() + ": no slot");
            assertEquals(
                    0,
                    db.queryLong(
                            "SELECT count(*) FROM pg_subscription s JOIN pg_database d ON d.oid = s.subdbid"
                                    + " WHERE d.datname = current_database()"),
                    db.name() + ": no subscription");
            assertEquals(0, db.queryLong("SELECT count(*) FROM pg_publication"), db.name());
        }
        assertEquals(
                0,
                tgt.queryLong(
                        "SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.ticket'::regclass"
                                + " AND attname IN ('title', 'body', 'prio_code', 'kind_text', 'kind_num',"
                                + " 'kind_date') AND NOT attisdropped"),
                "shims dropped");
        assertTrue(
                tgt.queryLong("SELECT count(*) FROM lrplan_backup.\"public.ticket\"") > 300,
                "the shims' values are kept with the key");
    }
}
