package dev.lrplan.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import dev.lrplan.testing.Psql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot-copy strategy on real 13 → 16 clusters (issue 12): a slot with an exported snapshot,
 * every table copied under it by apply in ranges on two connections, the target's secondary indexes
 * and unique constraint built after the data, then a subscription on that slot that streams the
 * rest. A writer runs from before the slot to the switchover, with no write stop; its ids must
 * arrive on the target without a gap or a duplicate, whichever side of the snapshot they fell on.
 * The schema has a shim, a rename, int → bigint, a foreign key and two secondary indexes.
 */
class SnapshotCopyUpgradeTest {
    @TempDir Path dir;

    private static final String SOURCE =
            """
            CREATE TABLE public.account (
              id serial PRIMARY KEY, email text, legacy_name text, balance int NOT NULL, note text);
            CREATE TABLE public.event (
              id bigserial PRIMARY KEY, account_id int NOT NULL REFERENCES public.account (id),
              kind text NOT NULL, at timestamptz NOT NULL DEFAULT now(), payload text);
            CREATE TABLE public.writes (id bigserial PRIMARY KEY, n bigint NOT NULL);
            CREATE TABLE public.audit (msg text);
            CREATE TABLE public.measure (id bigint NOT NULL, region text NOT NULL, v int,
              PRIMARY KEY (id, region)) PARTITION BY LIST (region);
            CREATE TABLE public.measure_eu PARTITION OF public.measure FOR VALUES IN ('eu');
            CREATE TABLE public.measure_us PARTITION OF public.measure FOR VALUES IN ('us');
            INSERT INTO public.measure SELECT g, CASE WHEN g % 3 = 0 THEN 'us' ELSE 'eu' END, g
              FROM generate_series(1, 3000) g;
            INSERT INTO public.account (email, legacy_name, balance, note)
              SELECT 'a' || g || '@example.com', 'name ' || g, g, CASE WHEN g % 2 = 0 THEN 'n' END
              FROM generate_series(1, 2000) g;
            INSERT INTO public.event (account_id, kind, at, payload)
              SELECT g % 2000 + 1, 'k' || (g % 7), timestamptz '2024-01-01' + g * interval '1 minute',
                     repeat('p', 40) || g
              FROM generate_series(1, 40000) g;
            INSERT INTO public.audit SELECT 'audit ' || g FROM generate_series(1, 500) g;
            """;

    private static final String TARGET =
            """
            CREATE TABLE public.account (
              id bigserial PRIMARY KEY, email text, name text, balance bigint NOT NULL,
              CONSTRAINT account_email_key UNIQUE (email));
            CREATE TABLE public.event (
              id bigserial PRIMARY KEY, account_id bigint NOT NULL REFERENCES public.account (id),
              kind text NOT NULL, at timestamptz NOT NULL DEFAULT now(), payload text);
            CREATE INDEX event_account_idx ON public.event (account_id);
            CREATE INDEX event_kind_at_idx ON public.event (kind, at);
            CREATE TABLE public.writes (id bigserial PRIMARY KEY, n bigint NOT NULL);
            CREATE TABLE public.audit (msg text);
            CREATE TABLE public.measure (id bigint NOT NULL, region text NOT NULL, v int,
              PRIMARY KEY (id, region)) PARTITION BY LIST (region);
            CREATE TABLE public.measure_eu PARTITION OF public.measure FOR VALUES IN ('eu');
            CREATE TABLE public.measure_us PARTITION OF public.measure FOR VALUES IN ('us');
            """;

    private static final String PLAN =
            """
            plan: 1
            name: %s
            source: { url: "${SRC}" }
            target: { url: "${DST}" }
            replication: { %s }
            tables: { without_primary_key: replica-identity-full }
            drift:
              missing_columns: shim
              renames: { public.account: { legacy_name: name } }
            """;

    private record Pair(Db src, Db tgt, Map<String, String> env, Path plan, Path out) {
        /** The file of the step with this name, e.g. 09-copy-data.source.sql. */
        String file(String step) throws java.io.IOException {
            try (var s = Files.list(out)) {
                return s.map(f -> f.getFileName().toString())
                        .filter(f -> f.matches("[0-9]+-" + step + "\\.(source|target)\\.sql"))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no step " + step));
            }
        }

        String number(String step) throws java.io.IOException {
            return String.valueOf(Integer.parseInt(file(step).substring(0, 2)));
        }
    }

    private Pair pair(String name) throws Exception {
        return pair(name, "strategy: snapshot-copy, maintenance_work_mem: 64MB");
    }

    private Pair pair(String name, String replication) throws Exception {
        return pair(name, replication, "13");
    }

    private Pair pair(String name, String replication, String sourceMajor) throws Exception {
        Db src = Db.create(Clusters.shared(sourceMajor), name + "_old");
        Db tgt = Db.create(Clusters.shared("16"), name + "_new");
        src.exec(SOURCE);
        tgt.exec(TARGET);
        Path plan = dir.resolve(name + ".yaml");
        Files.writeString(plan, PLAN.formatted(name, replication));
        Map<String, String> env = Map.of("SRC", src.uri(), "DST", tgt.uri());
        Path out = dir.resolve(name);
        Cli compiled = Cli.run(env, "compile", plan.toString(), "-o", out.toString());
        assertEquals(0, compiled.exit(), compiled.out() + compiled.err());
        return new Pair(src, tgt, env, plan, out);
    }

    @Test
    void copiesUnderTheSnapshotWhileTheApplicationWritesAndNothingIsLostOrDoubled()
            throws Exception {
        Pair p = pair("snapcopy");
        String review = Files.readString(p.out().resolve("REVIEW.md"));
        assertTrue(review.contains("snapshot-copy"), review);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong written = new AtomicLong();
        Thread writer =
                new Thread(
                        () -> {
                            for (long i = 1; writing.get(); i++) {
                                p.src()
                                        .exec(
                                                "INSERT INTO public.writes (n) VALUES ("
                                                        + i
                                                        + "); UPDATE public.account SET balance = balance + 1,"
                                                        + " legacy_name = 'w"
                                                        + i
                                                        + "' WHERE id = "
                                                        + (i % 2000 + 1)
                                                        + "; INSERT INTO public.event (account_id, kind) VALUES ("
                                                        + (i % 2000 + 1)
                                                        + ", 'live'); INSERT INTO public.audit VALUES ('w"
                                                        + i
                                                        + "')");
                                written.set(i);
                            }
                        });
        writer.start();
        Cli synced;
        try {
            // The writer is running before the slot exists and goes on through the copy.
            p.src().await("SELECT count(*) > 20 FROM public.writes", 30, "the writer started");
            synced =
                    Cli.apply(
                            p.env(),
                            p.out(),
                            p.plan(),
                            "--all",
                            "--jobs",
                            "2",
                            "--copy-range-size",
                            "1048576");
            assertEquals(0, synced.exit(), synced.out() + synced.err());
            assertTrue(synced.out().contains("copy-data"), synced.out());
            p.src()
                    .await(
                            "SELECT count(*) > 0 FROM public.writes WHERE n > "
                                    + (written.get() + 20),
                            30,
                            "the writer goes on after the sync");
        } finally {
            writing.set(false);
            writer.join();
        }
        assertTrue(
                p.tgt()
                                .queryLong(
                                        "SELECT count(*) FROM lrplan.copy_range WHERE relation = 'public.event'")
                        > 1,
                "the large table was copied in ranges");
        assertEquals(
                "true false",
                p.tgt()
                        .queryString(
                                "SELECT (SELECT bool_and(binary_format)::text FROM lrplan.copy_range WHERE relation ="
                                        + " 'public.writes') || ' ' || (SELECT bool_or(binary_format)::text FROM"
                                        + " lrplan.copy_range WHERE relation = 'public.account')"),
                "binary where the types are the same on both sides (writes), text where they differ"
                        + " (account: int -> bigint)");
        assertEquals(
                4,
                p.tgt()
                        .queryLong(
                                "SELECT count(*) FROM pg_indexes WHERE indexname IN ('event_account_idx',"
                                        + " 'event_kind_at_idx', 'account_email_key', 'event_pkey')"),
                "the deferred indexes and the unique constraint are back");
        assertEquals(
                1,
                p.tgt()
                        .queryLong(
                                "SELECT count(*) FROM pg_constraint WHERE conname = 'account_email_key'"
                                        + " AND contype = 'u'"));

        Cli switched = Cli.apply(p.env(), p.out(), p.plan(), "--all", "--writes-stopped");
        assertEquals(0, switched.exit(), switched.out() + switched.err());

        long n = p.src().queryLong("SELECT count(*) FROM public.writes");
        assertEquals(n, p.tgt().queryLong("SELECT count(*) FROM public.writes"));
        assertEquals(
                n,
                p.tgt().queryLong("SELECT count(DISTINCT n) FROM public.writes"),
                "no write arrived twice");
        assertEquals(
                p.src().queryLong("SELECT max(n) - min(n) + 1 FROM public.writes"),
                n,
                "the writer's values are contiguous");
        assertEquals(
                p.src()
                        .queryString(
                                "SELECT string_agg(id || ':' || n, ',' ORDER BY id) FROM public.writes"),
                p.tgt()
                        .queryString(
                                "SELECT string_agg(id || ':' || n, ',' ORDER BY id) FROM public.writes"),
                "the writer's ids are the same on the target, without a gap");
        for (String[] q :
                List.of(
                        new String[] {
                            "SELECT md5(string_agg(concat_ws('|', id, email, legacy_name, balance), ',' ORDER BY id))"
                                    + " FROM public.account",
                            "SELECT md5(string_agg(concat_ws('|', id, email, name, balance), ',' ORDER BY id))"
                                    + " FROM public.account"
                        },
                        new String[] {
                            "SELECT md5(string_agg(concat_ws('|', id, account_id, kind, at, payload), ',' ORDER BY id))"
                                    + " FROM public.event",
                            "SELECT md5(string_agg(concat_ws('|', id, account_id, kind, at, payload), ',' ORDER BY id))"
                                    + " FROM public.event"
                        },
                        new String[] {
                            "SELECT md5(string_agg(concat_ws('|', id, region, v), ',' ORDER BY id)) FROM public.measure_eu",
                            "SELECT md5(string_agg(concat_ws('|', id, region, v), ',' ORDER BY id)) FROM public.measure_eu"
                        },
                        new String[] {
                            "SELECT md5(string_agg(msg, ',' ORDER BY msg)) FROM public.audit",
                            "SELECT md5(string_agg(msg, ',' ORDER BY msg)) FROM public.audit"
                        })) {
            assertEquals(p.src().queryString(q[0]), p.tgt().queryString(q[1]), q[0]);
        }
        assertEquals(
                p.src()
                        .queryString(
                                "SELECT string_agg(coalesce(note, '-'), ',' ORDER BY id) FROM public.account"),
                p.tgt()
                        .queryString(
                                "SELECT string_agg(coalesce(note, '-'), ',' ORDER BY id) FROM public.account"),
                "the shim column arrived");
        Cli cleaned =
                Cli.apply(
                        p.env(),
                        p.out(),
                        p.plan(),
                        "--all",
                        "--writes-stopped",
                        "--rollback-window-closed");
        assertEquals(0, cleaned.exit(), cleaned.out() + cleaned.err());
        assertEquals(
                0,
                p.src()
                        .queryLong(
                                "SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE 'snapcopy%'"),
                "no slot left on the source");
        assertEquals(
                0,
                p.tgt()
                        .queryLong(
                                "SELECT count(*) FROM pg_subscription WHERE subname LIKE 'snapcopy%'"));
    }

    @Test
    void aKilledCopyResumesWithTheSnapshotAndStartsOverWithoutIt() throws Exception {
        Pair p = pair("snapkill");
        // Each range's ledger mark waits half a second, so a kill lands between ranges.
        p.tgt()
                .exec(
                        "CREATE SCHEMA lrplan; "
                                + dev.lrplan.apply.ApplyQueries.sql("copy/create_ranges.sql")
                                + ";"
                                + " CREATE FUNCTION public.slow() RETURNS trigger LANGUAGE plpgsql AS"
                                + " $$BEGIN PERFORM pg_sleep(0.5); RETURN NEW; END$$;"
                                + " CREATE TRIGGER slow BEFORE UPDATE ON lrplan.copy_range FOR EACH ROW"
                                + " EXECUTE PROCEDURE public.slow();"
                                + " ALTER TABLE lrplan.copy_range ENABLE ALWAYS TRIGGER slow;");
        // Through defer-indexes, then the copy in a process of its own, killed mid-way.
        Cli before = Cli.apply(p.env(), p.out(), p.plan(), "--through", p.number("defer-indexes"));
        assertEquals(0, before.exit(), before.out() + before.err());
        killDuringCopy(p, 0);
        long holder = p.tgt().queryLong("SELECT holder_pid FROM lrplan.copy_state");
        assertTrue(
                ProcessHandle.of(holder).map(ProcessHandle::isAlive).orElse(false), "holder lives");
        long doneBefore =
                p.tgt()
                        .queryLong(
                                "SELECT count(*) FROM lrplan.copy_range WHERE finished_at IS NOT NULL");
        // Second run: resumes under the same snapshot; killed again, and the holder with it.
        Process second = start(p, 1);
        p.tgt()
                .await(
                        "SELECT count(*) > "
                                + doneBefore
                                + " FROM lrplan.copy_range WHERE finished_at IS NOT NULL",
                        60,
                        "the rerun copies more ranges");
        second.destroyForcibly();
        assertTrue(second.waitFor(30, TimeUnit.SECONDS));
        String log = Files.readString(dir.resolve("apply-1.log"));
        assertTrue(log.contains("are not copied again"), log);
        ProcessHandle.of(holder).ifPresent(ProcessHandle::destroyForcibly);
        Thread.sleep(500);
        p.tgt().exec("DROP TRIGGER slow ON lrplan.copy_range");
        // Third run: the snapshot is gone, so the copy starts over, and says so.
        Cli third = Cli.apply(p.env(), p.out(), p.plan(), "--through", p.number("build-indexes"));
        assertEquals(0, third.exit(), third.out() + third.err());
        assertTrue(third.out().contains("is gone"), third.out());
        Cli rest =
                Cli.apply(
                        p.env(),
                        p.out(),
                        p.plan(),
                        "--all",
                        "--writes-stopped",
                        "--rollback-window-closed");
        assertEquals(0, rest.exit(), rest.out() + rest.err());
        for (String t : List.of("account", "event", "audit", "measure_eu", "measure_us")) {
            assertEquals(
                    p.src().queryLong("SELECT count(*) FROM public." + t),
                    p.tgt().queryLong("SELECT count(*) FROM public." + t),
                    t + ": every row once");
        }
        assertEquals(
                p.src().queryLong("SELECT count(*) FROM public.audit"),
                p.tgt().queryLong("SELECT count(DISTINCT msg) FROM public.audit"),
                "no row of the keyless table twice");
    }

    @Test
    void theCopyStepRunsByHandWithPsqlAndPgDump() throws Exception {
        Pair p = pair("snaphand");
        Cli before = Cli.apply(p.env(), p.out(), p.plan(), "--through", p.number("defer-indexes"));
        assertEquals(0, before.exit(), before.out() + before.err());
        assertEquals(
                0,
                p.tgt()
                        .queryLong(
                                "SELECT count(*) FROM pg_indexes WHERE indexname IN ('event_account_idx',"
                                        + " 'event_kind_at_idx', 'account_email_key')"),
                "defer-indexes dropped the secondary indexes before the copy");
        p.src().exec("INSERT INTO public.writes (n) SELECT g FROM generate_series(1, 100) g");
        Map<String, String> vars =
                Map.of("source_conninfo", p.src().uri(), "target_conninfo", p.tgt().uri());
        for (String step :
                List.of("copy-data", "build-indexes", "subscription", "enable-subscription")) {
            String f = p.file(step);
            Db db = f.contains(".source.") ? p.src() : p.tgt();
            Psql.Result r = Psql.file(db, p.out().resolve(f), vars).assertOk(f);
            if (step.equals("copy-data")) {
                assertTrue(r.out().contains("every table is copied"), r.out() + r.err());
            }
        }
        // Written after the slot: arrives through the subscription, not the copy.
        p.src().exec("INSERT INTO public.writes (n) SELECT g FROM generate_series(101, 150) g");
        p.tgt()
                .await(
                        "SELECT count(*) = 150 FROM public.writes",
                        60,
                        "the writes after the copy arrive");
        assertEquals(150, p.tgt().queryLong("SELECT count(DISTINCT n) FROM public.writes"));
        for (String t : List.of("event", "measure_eu", "measure_us")) {
            assertEquals(
                    p.src().queryLong("SELECT count(*) FROM public." + t),
                    p.tgt().queryLong("SELECT count(*) FROM public." + t),
                    t);
        }
        assertEquals(
                p.src()
                        .queryString(
                                "SELECT string_agg(legacy_name, ',' ORDER BY id) FROM public.account"),
                p.tgt().queryString("SELECT string_agg(name, ',' ORDER BY id) FROM public.account"),
                "the rename trigger fired on pg_restore's COPY");
        // A second run refuses: the slot is there.
        Psql.Result again = Psql.file(p.src(), p.out().resolve(p.file("copy-data")), vars);
        assertTrue(again.exit() != 0 && again.err().contains("exists already"), again.err());
        p.tgt().exec("ALTER SUBSCRIPTION snaphand_sub DISABLE");
        p.tgt().exec("ALTER SUBSCRIPTION snaphand_sub SET (slot_name = NONE)");
        p.tgt().exec("DROP SUBSCRIPTION snaphand_sub");
        p.src().exec("SELECT pg_drop_replication_slot('snaphand_sub')");
    }

    @Test
    void aFifteenSourceExportsItsSnapshotWithTheNewSyntax() throws Exception {
        Pair p = pair("snap15", "strategy: snapshot-copy", "15");
        assertTrue(
                Files.readString(p.out().resolve(p.file("copy-data")))
                        .contains("LOGICAL pgoutput (SNAPSHOT 'export')"),
                "the by-hand step uses 15's syntax");
        Cli synced = Cli.apply(p.env(), p.out(), p.plan(), "--all", "--jobs", "2");
        assertEquals(0, synced.exit(), synced.out() + synced.err());
        p.src().exec("INSERT INTO public.writes (n) VALUES (1), (2), (3)");
        Cli rest =
                Cli.apply(
                        p.env(),
                        p.out(),
                        p.plan(),
                        "--all",
                        "--writes-stopped",
                        "--rollback-window-closed");
        assertEquals(0, rest.exit(), rest.out() + rest.err());
        for (String t :
                List.of("account", "event", "writes", "audit", "measure_eu", "measure_us")) {
            assertEquals(
                    p.src().queryLong("SELECT count(*) FROM public." + t),
                    p.tgt().queryLong("SELECT count(*) FROM public." + t),
                    t);
        }
    }

    @Test
    void nativeWithDeferredIndexesBuildsThemOnceTheTablesAreSynchronized() throws Exception {
        Pair p = pair("nativedefer", "strategy: native, defer_indexes: true");
        String review = Files.readString(p.out().resolve("REVIEW.md"));
        assertTrue(review.contains("event_kind_at_idx"), "REVIEW.md lists the deferred indexes");
        Cli unused = Cli.apply(p.env(), p.out(), p.plan(), "--all", "--copy-range-size", "2000000");
        assertEquals(2, unused.exit(), "an option this folder has no use for is refused");
        assertTrue(unused.err().contains("--copy-range-size"), unused.err());
        Cli synced = Cli.apply(p.env(), p.out(), p.plan(), "--all", "--jobs", "2");
        assertEquals(0, synced.exit(), synced.out() + synced.err());
        assertTrue(
                synced.out().indexOf("monitor-sync") < synced.out().indexOf("build-indexes"),
                "built after the sync:\n" + synced.out());
        assertEquals(
                3,
                p.tgt()
                        .queryLong(
                                "SELECT count(*) FROM pg_indexes WHERE indexname IN ('event_account_idx',"
                                        + " 'event_kind_at_idx', 'account_email_key')"));
        p.src().exec("INSERT INTO public.writes (n) VALUES (1), (2)");
        Cli rest =
                Cli.apply(
                        p.env(),
                        p.out(),
                        p.plan(),
                        "--all",
                        "--writes-stopped",
                        "--rollback-window-closed");
        assertEquals(0, rest.exit(), rest.out() + rest.err());
        for (String t :
                List.of("account", "event", "writes", "audit", "measure_eu", "measure_us")) {
            assertEquals(
                    p.src().queryLong("SELECT count(*) FROM public." + t),
                    p.tgt().queryLong("SELECT count(*) FROM public." + t),
                    t);
        }
    }

    private void killDuringCopy(Pair p, int run) throws Exception {
        Process child = start(p, run);
        p.tgt()
                .await(
                        "SELECT to_regclass('lrplan.copy_state') IS NOT NULL AND EXISTS (SELECT FROM"
                                + " lrplan.copy_range WHERE finished_at IS NOT NULL)",
                        60,
                        "some ranges are copied");
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertTrue(
                p.tgt()
                                .queryLong(
                                        "SELECT count(*) FROM lrplan.copy_range WHERE finished_at IS NULL")
                        > 0,
                "killed before the end:\n"
                        + Files.readString(dir.resolve("apply-" + run + ".log")));
    }

    private Process start(Pair p, int run) throws Exception {
        ProcessBuilder pb =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-XX:TieredStopAtLevel=1",
                                "-cp",
                                System.getProperty("java.class.path"),
                                "dev.lrplan.cli.Main",
                                "apply",
                                p.out().toString(),
                                "--plan",
                                p.plan().toString(),
                                "--step",
                                p.number("copy-data"),
                                "--jobs",
                                "1",
                                "--copy-range-size",
                                "1048576")
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("apply-" + run + ".log").toFile());
        pb.environment().putAll(p.env());
        return pb.start();
    }
}
