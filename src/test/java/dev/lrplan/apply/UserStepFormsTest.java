package dev.lrplan.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import dev.lrplan.testing.Psql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What pg_dump and PostgreSQL 14+ write runs under apply exactly as under psql: a function with a
 * BEGIN ATOMIC body (semicolons inside), and COPY … FROM stdin with its data inline; and what apply
 * cannot run (COPY TO STDOUT) is refused before any step runs.
 */
class UserStepFormsTest {
    private static final String STEP =
            """
            CREATE FUNCTION public.plus_three(a int) RETURNS int LANGUAGE sql
            BEGIN ATOMIC
              SELECT a + 1;
              SELECT CASE WHEN a > 0 THEN a + 3 ELSE a + 3 END;
            END;
            CREATE TABLE public.copied (id int, t text);
            COPY public.copied (id, t) FROM stdin;
            1\tone
            2\ttwo; with a semicolon
            3\t\\N
            \\.
            INSERT INTO public.copied VALUES (4, 'after');
            """;

    @TempDir Path dir;

    /** A failure must not leave the plan's subscription and slots on the shared clusters. */
    @org.junit.jupiter.api.AfterEach
    void dropReplication() {
        ApplyCase.cleanUpAll();
    }

    @Test
    void beginAtomicAndCopyFromStdinRunUnderApplyAsUnderPsql() throws Exception {
        Path sql = dir.resolve("plan/sql");
        Files.createDirectories(sql);
        Files.writeString(sql.resolve("forms.sql"), STEP);
        ApplyCase ac =
                ApplyCase.create(
                        dir,
                        "  - { after: target-schema, cluster: target, file: sql/forms.sql }\n");
        Cli r = ac.apply("--through", "5");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals(8, ac.target.queryLong("SELECT public.plus_three(5)"));
        assertEquals(
                "1:one,2:two; with a semicolon,3:,4:after",
                ac.target.queryString(
                        "SELECT string_agg(id || ':' || coalesce(t, ''), ',' ORDER BY id) FROM public.copied"));

        Db byPsql = Db.create(Clusters.shared("16"), "forms_psql");
        Psql.file(byPsql, sql.resolve("forms.sql"), Map.of()).assertOk("the same file with psql");
        assertEquals(
                ac.target.queryString(
                        "SELECT string_agg(id || ':' || coalesce(t, ''), ',' ORDER BY id) FROM "
                                + "public.copied"),
                byPsql.queryString(
                        "SELECT string_agg(id || ':' || coalesce(t, ''), ',' ORDER BY id)"
                                + " FROM public.copied"));
    }

    @Test
    void copyToStdoutIsRefusedBeforeAnythingRuns() throws Exception {
        Path sql = dir.resolve("plan/sql");
        Files.createDirectories(sql);
        Files.writeString(sql.resolve("out.sql"), "COPY (SELECT 1) TO STDOUT;\n");
        ApplyCase ac =
                ApplyCase.create(
                        dir, "  - { after: drift-cleanup, cluster: target, file: sql/out.sql }\n");
        Cli r = ac.apply("--all");
        assertEquals(4, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("COPY to or from the client"), r.err());
        assertEquals(
                0,
                ac.target.queryLong("SELECT count(*) FROM pg_namespace WHERE nspname = 'lrplan'"),
                "refused before the ledger or any step");
    }
}
