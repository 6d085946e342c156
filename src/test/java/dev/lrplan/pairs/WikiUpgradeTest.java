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
 * The second test schema pair of issue 11, upgraded 10 → 17 with plan keys only: a wiki whose new
 * schema's install inserts rows into replicated tables (settings, a schema version, seed tags) and
 * relaxes constraints (a NOT NULL dropped, a CHECK dropped, a unique key dropped). Without
 * decisions the plan is refused (LR125) and the target preflight names the tables that hold rows;
 * with them, every row arrives, the target's own rows win where the plan says so, and every
 * rollback write arrives or is listed in REVIEW.md as not carried.
 */
class WikiUpgradeTest {
    @TempDir Path dir;

    private static final String BASE =
            """
            plan: 1
            name: wiki
            source: { url: "${SRC}" }
            target: { url: "${DST}" }
            """;

    @Test
    void targetRowsAndRelaxedConstraintsAreDecidedByThePlanAndNothingIsLost() throws Exception {
        Db src = Db.create(Clusters.shared("10"), "wiki_old");
        Db tgt = Db.create(Clusters.shared("17"), "wiki_new");
        src.exec(
                """
                CREATE TABLE public.page (id int PRIMARY KEY, title text NOT NULL, summary text NOT NULL,
                                          slug text NOT NULL CONSTRAINT page_slug_key UNIQUE,
                                          alias text CONSTRAINT page_alias_key UNIQUE,
                                          CONSTRAINT page_title_short CHECK (char_length(title) < 100));
                CREATE TABLE public.setting (name text PRIMARY KEY, value text);
                CREATE TABLE public.schema_version (version int PRIMARY KEY);
                CREATE TABLE public.tag (id int PRIMARY KEY, label text);
                INSERT INTO public.page SELECT g, 'title ' || g, 'summary ' || g, 'slug-' || g, NULL FROM generate_series(1, 200) g;
                INSERT INTO public.setting VALUES ('theme', 'dark'), ('lang', 'en');
                INSERT INTO public.schema_version VALUES (41);
                INSERT INTO public.tag SELECT g, 'tag ' || g FROM generate_series(1, 10) g;
                """);
        tgt.exec(
                """
                CREATE TABLE public.page (id int PRIMARY KEY, title text NOT NULL, summary text, slug text NOT NULL, alias text);
                CREATE TABLE public.setting (name text PRIMARY KEY, value text);
                CREATE TABLE public.schema_version (version int PRIMARY KEY);
                CREATE TABLE public.tag (id int PRIMARY KEY, label text);
                INSERT INTO public.setting VALUES ('theme', 'light'), ('new_feature', 'on');
                INSERT INTO public.schema_version VALUES (42);
                INSERT INTO public.tag VALUES (1, 'seed');
                """);
        Map<String, String> env = Map.of("SRC", src.uri(), "DST", tgt.uri());

        // Undecided: the relaxed constraints are refused before anything is written.
        Path bare = dir.resolve("bare.yaml");
        Files.writeString(bare, BASE);
        Cli refused = Cli.run(env, "compile", bare.toString(), "-o", dir.resolve("x").toString());
        assertEquals(4, refused.exit(), refused.out() + refused.err());
        String said = refused.out() + refused.err();
        assertTrue(said.contains("LR125") && said.contains("public.page.summary"), said);
        assertTrue(said.contains("page_slug_key"), said);
        assertTrue(said.contains("CHECK constraint page_title_short"), said);
        assertTrue(said.contains("page_alias_key"), "a unique key over a nullable column: " + said);

        // Relaxations decided, target rows not: the target preflight names every table holding
        // rows.
        Path half = dir.resolve("half.yaml");
        Files.writeString(half, BASE + RELAXED);
        Path halfOut = dir.resolve("half");
        Cli compiledHalf = Cli.run(env, "compile", half.toString(), "-o", halfOut.toString());
        assertEquals(0, compiledHalf.exit(), compiledHalf.out() + compiledHalf.err());
        Cli stopped = Cli.apply(env, halfOut, half, "--all");
        assertTrue(stopped.exit() != 0, stopped.out() + stopped.err());
        assertTrue(
                stopped.err()
                        .contains(
                                "target table(s) already hold rows: public.schema_version, public.setting,"
                                        + " public.tag"),
                stopped.out() + stopped.err());
        assertEquals(0, tgt.queryLong("SELECT count(*) FROM pg_subscription"), "nothing started");

        Path plan = dir.resolve("wiki.yaml");
        Files.writeString(
                plan,
                BASE
                        + """
                        tables:
                          target_rows: { public.setting: keep-target, public.schema_version: exclude, public.tag: truncate }
                        """
                        + RELAXED);
        Path out = dir.resolve("out");
        Cli compiled = Cli.run(env, "compile", plan.toString(), "-o", out.toString());
        assertEquals(0, compiled.exit(), compiled.out() + compiled.err());
        String review = Files.readString(out.resolve("REVIEW.md"));
        assertTrue(review.contains("`public.setting`: keep-target"), review);
        assertTrue(review.contains("slugs are unique by application logic"), review);

        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer =
                new Thread(
                        () -> {
                            int i = 1000;
                            while (writing.get()) {
                                i++;
                                src.exec(
                                        "INSERT INTO public.page VALUES ("
                                                + i
                                                + ", 'during', 'during', 'slug-"
                                                + i
                                                + "'); INSERT INTO public.tag VALUES ("
                                                + i
                                                + ", 'during')");
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
        src.exec("INSERT INTO public.setting VALUES ('added_late', 'yes')");
        Cli switched = Cli.apply(env, out, plan, "--all", "--writes-stopped");
        assertEquals(0, switched.exit(), switched.out() + switched.err());

        for (String t : new String[] {"page", "tag"}) {
            assertEquals(
                    src.queryString(
                            "SELECT count(*) || ':' || md5(string_agg(t::text, ',' ORDER BY id)) FROM public."
                                    + t
                                    + " t"),
                    tgt.queryString(
                            "SELECT count(*) || ':' || md5(string_agg(t::text, ',' ORDER BY id)) FROM public."
                                    + t
                                    + " t"),
                    t + ": equal counts and checksums");
        }
        assertEquals(
                "added_late=yes,lang=en,new_feature=on,theme=light",
                tgt.queryString(
                        "SELECT string_agg(name || '=' || value, ',' ORDER BY name) FROM public.setting"),
                "keep-target: the target's rows win, the source's missing keys join them");
        assertEquals(
                "42",
                tgt.queryString(
                        "SELECT string_agg(version::text, ',') FROM public.schema_version"));

        // The new application writes on the new cluster.
        tgt.exec(
                "INSERT INTO public.page VALUES (5001, 'no summary', NULL, 'slug-5001');"
                        + "INSERT INTO public.page VALUES (5003, repeat('long title ', 20), 's', 'slug-5003');"
                        + "INSERT INTO public.page VALUES (5004, 'a', 's', 'slug-5004', 'same'), (5005, 'b', 's', 'slug-5005', 'same');"
                        + "INSERT INTO public.tag VALUES (5001, 'new');"
                        + "INSERT INTO public.setting VALUES ('only_new', '1')");
        src.await(
                "SELECT EXISTS (SELECT FROM public.page WHERE id = 5001 AND summary IS NULL)"
                        + " AND EXISTS (SELECT FROM public.page WHERE id = 5003)"
                        + " AND (SELECT count(*) = 2 FROM public.page WHERE alias = 'same')"
                        + " AND EXISTS (SELECT FROM public.tag WHERE id = 5001)",
                60,
                "the rollback writes arrived (the NULL summary, relaxed on the old cluster too)");
        Cli status = Cli.run(env, "status", out.toString(), "--plan", plan.toString());
        assertTrue(status.out().contains("rollback path"), status.out());
        assertEquals(
                0,
                src.queryLong("SELECT count(*) FROM public.setting WHERE name = 'only_new'"),
                "keep-target tables stay out of the rollback path, as REVIEW.md says");

        Cli cleaned =
                Cli.apply(env, out, plan, "--all", "--writes-stopped", "--rollback-window-closed");
        assertEquals(0, cleaned.exit(), cleaned.out() + cleaned.err());
        for (Db db : new Db[] {src, tgt}) {
            assertEquals(
                    0,
                    db.queryLong(
                            "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()"),
                    db.name() + ": no slot");
            assertEquals(0, db.queryLong("SELECT count(*) FROM pg_publication"), db.name());
            assertEquals(
                    0,
                    db.queryLong(
                            "SELECT count(*) FROM pg_subscription s JOIN pg_database d ON d.oid = s.subdbid"
                                    + " WHERE d.datname = current_database()"),
                    db.name() + ": no subscription");
        }
    }

    private static final String RELAXED =
            """
            rollback:
              relaxed:
                - { table: public.page, column: summary, action: relax-old }
                - { table: public.page, check: page_title_short, action: relax-old }
                - { table: public.page, index: page_alias_key, action: relax-old }
                - { table: public.page, index: page_slug_key, action: accept, reason: "slugs are unique by application logic" }
            """;
}
