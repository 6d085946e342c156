package dev.lrplan.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import dev.lrplan.testing.Psql;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same script, run by psql and by apply's runner, leaves the same rows: the splitter agrees
 * with psql.
 */
class ScriptParityTest {
    @TempDir Path dir;

    private static final String SCRIPT =
            """
            \\set ON_ERROR_STOP on
            \\set greeting 'hello; world'
            CREATE TABLE t (n int, s text);
            /* a block comment; with /* a nested one; */ still comment */
            INSERT INTO t VALUES (1, 'semi;colon'), (2, E'esc\\'aped; \\\\ too'); -- trailing; comment
            INSERT INTO t VALUES (3, $$dollar; 'quoted'$$), (4, $tag$ $$ inner; $$ $tag$);
            DO $body$
            BEGIN
              INSERT INTO t VALUES (5, 'from do; block');
              RAISE NOTICE 'notice; with semicolon';
            END $body$;
            INSERT INTO t VALUES (6, :'greeting'), (7, (SELECT ':not_a_var'));
            \\echo 'echoed; text'
            SELECT n, s FROM t ORDER BY n;
            BEGIN;
            INSERT INTO t VALUES (8, 'in a transaction');
            COMMIT;
            INSERT INTO t SELECT 9, string_agg(x::text, ',') FROM unnest(ARRAY[1,2,3]) x;
            INSERT INTO t VALUES (10, '1'::int::text)
            """;

    @Test
    void psqlAndApplyLeaveTheSameRows() throws Exception {
        Db viaPsql = Db.create(Clusters.shared("16"), "parity_psql");
        Db viaApply = Db.create(Clusters.shared("16"), "parity_apply");
        Path file = dir.resolve("script.sql");
        Files.writeString(file, SCRIPT);
        Psql.Result r = Psql.file(viaPsql, file, Map.of()).assertOk("psql");
        assertTrue(r.out().contains("echoed; text"), r.out());

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Properties simple = new Properties();
        simple.setProperty("preferQueryMode", "simple");
        try (Connection c =
                dev.lrplan.db.Database.connect(
                        dev.lrplan.db.ConnInfo.parse(viaApply.uri(), Map.of()), simple)) {
            new ScriptRunner(c, new PrintWriter(out, true), new PrintWriter(err, true), Map.of())
                    .run(Script.parse("script.sql", SCRIPT), 0, done -> {});
        }
        String rows = "SELECT string_agg(n || '=' || s, E'\\n' ORDER BY n) FROM t";
        assertEquals(viaPsql.queryString(rows), viaApply.queryString(rows));
        assertEquals(10, viaApply.queryLong("SELECT count(*) FROM t"));
        assertTrue(out.toString().contains("echoed; text"), out.toString());
        assertTrue(out.toString().contains(" 6 | hello; world"), out.toString());
        assertTrue(err.toString().contains("NOTICE:  notice; with semicolon"), err.toString());
    }

    @Test
    void aMetaCommandApplyCannotRunIsRefusedBeforeAnythingRuns() {
        ApplyException e =
                assertThrows(
                        ApplyException.class, () -> Script.parse("x.sql", "SELECT 1;\n\\gexec\n"));
        assertTrue(
                e.getMessage().startsWith("x.sql:2:1: psql meta-command \\gexec is not supported"),
                e.getMessage());
    }

    @Test
    void aMissingConnectionVariableIsNamed() {
        ApplyException e =
                assertThrows(
                        ApplyException.class,
                        () ->
                                Script.interpolate(
                                        "CREATE SUBSCRIPTION s CONNECTION :'source_conninfo' PUBLICATION p",
                                        Map.of(),
                                        "08.sql:3:1"));
        assertEquals(
                "08.sql:3:1: the script needs psql variable source_conninfo, which is not set (give --source-url"
                        + " or --plan)",
                e.getMessage());
        assertEquals(
                List.of("x", "it's"),
                Script.arguments(new dev.lrplan.sql.Statement("\\echo x 'it''s'", 1, 1, true)));
    }
}
