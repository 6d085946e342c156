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
 * {@code without_primary_key: replica-identity-index}, chosen per table: the source publishes the
 * keyless table by its unique index, and the target gets the matching identity too, so UPDATE and
 * DELETE apply there and the final-position gate passes (issue 11, item 11: the subscriber's apply
 * worker used to loop on "has neither REPLICA IDENTITY index nor PRIMARY KEY"). Another keyless
 * table of the same plan is published insert-only; a target without a matching index is refused.
 */
class ReplicaIdentityIndexTest {
    @TempDir Path dir;

    @Test
    void theTargetGetsTheMatchingIdentityAndUpdatesAndDeletesArrive() throws Exception {
        Db src = Db.create(Clusters.shared("13"), "ri_old");
        Db tgt = Db.create(Clusters.shared("16"), "ri_new");
        String ddl =
                "CREATE TABLE public.member (code text NOT NULL, name text);"
                        + "CREATE UNIQUE INDEX member_code ON public.member (code);"
                        + "CREATE TABLE public.hits (at timestamptz, path text);";
        src.exec(
                ddl
                        + "INSERT INTO public.member SELECT 'm' || g, 'name ' || g FROM generate_series(1, 50) g;"
                        + "INSERT INTO public.hits SELECT now(), '/' || g FROM generate_series(1, 20) g;");
        tgt.exec(ddl);
        Path plan = dir.resolve("ri.yaml");
        Files.writeString(
                plan,
                """
                plan: 1
                name: ri
                source: { url: "${SRC}" }
                target: { url: "${DST}" }
                tables:
                  without_primary_key: { default: fail, public.member: replica-identity-index, public.hits: insert-only }
                """);
        Map<String, String> env = Map.of("SRC", src.uri(), "DST", tgt.uri());
        Path out = dir.resolve("out");
        Cli compiled = Cli.run(env, "compile", plan.toString(), "-o", out.toString());
        assertEquals(0, compiled.exit(), compiled.out() + compiled.err());
        assertTrue(
                Files.readString(out.resolve("03-target-schema.target.sql"))
                        .contains(
                                "ALTER TABLE public.member REPLICA IDENTITY USING INDEX member_code;"));
        Cli synced = Cli.apply(env, out, plan, "--all");
        assertEquals(0, synced.exit(), synced.out() + synced.err());
        src.exec(
                "UPDATE public.member SET name = 'renamed' WHERE code = 'm1';"
                        + "DELETE FROM public.member WHERE code = 'm2';"
                        + "INSERT INTO public.hits VALUES (now(), '/after')");
        Cli switched = Cli.apply(env, out, plan, "--all", "--writes-stopped");
        assertEquals(0, switched.exit(), switched.out() + switched.err());
        assertEquals(
                "renamed", tgt.queryString("SELECT name FROM public.member WHERE code = 'm1'"));
        assertEquals(0, tgt.queryLong("SELECT count(*) FROM public.member WHERE code = 'm2'"));
        assertEquals(21, tgt.queryLong("SELECT count(*) FROM public.hits"));
        Cli cleaned =
                Cli.apply(env, out, plan, "--all", "--writes-stopped", "--rollback-window-closed");
        assertEquals(0, cleaned.exit(), cleaned.out() + cleaned.err());

        Db bare = Db.create(Clusters.shared("16"), "ri_bare");
        bare.exec(
                "CREATE TABLE public.member (code text NOT NULL, name text);"
                        + "CREATE TABLE public.hits (at timestamptz, path text);");
        Cli refused =
                Cli.run(
                        Map.of("SRC", src.uri(), "DST", bare.uri()),
                        "compile",
                        plan.toString(),
                        "-o",
                        dir.resolve("refused").toString());
        assertEquals(4, refused.exit(), refused.out() + refused.err());
        assertTrue(
                (refused.out() + refused.err())
                        .contains("the target has no unique index on NOT NULL columns (code)"),
                refused.out() + refused.err());
    }
}
