package dev.lrplan.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {

    private static List<String> texts(String script) {
        return StatementSplitter.split(script).stream().map(Statement::text).toList();
    }

    @Test
    void splitsOnSemicolonsOutsideQuotesCommentsAndDollarQuotes() {
        String script =
                """
                SELECT 'a;b' AS "x;y"; -- c;d
                /* e; /* nested; */ f; */ SELECT 2;
                CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$;
                DO $$ BEGIN RAISE NOTICE 'x;'; END $$;
                SELECT E'it\\'s;', $1;
                SELECT 'it''s;'
                """;
        assertEquals(
                List.of(
                        "SELECT 'a;b' AS \"x;y\"",
                        "SELECT 2",
                        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$",
                        "DO $$ BEGIN RAISE NOTICE 'x;'; END $$",
                        "SELECT E'it\\'s;', $1",
                        "SELECT 'it''s;'"),
                texts(script));
    }

    @Test
    void metaCommandsAreStatementsOfTheirOwnWithPositions() {
        List<Statement> st =
                StatementSplitter.split(
                        "\\set ON_ERROR_STOP on\nSELECT 1;\n  \\if :x\nSELECT\n  2;\n");
        assertEquals(4, st.size());
        assertEquals(new Statement("\\set ON_ERROR_STOP on", 1, 1, true), st.get(0));
        assertEquals(new Statement("SELECT 1", 2, 1, false), st.get(1));
        assertEquals(new Statement("\\if :x", 3, 3, true), st.get(2));
        assertEquals(new Statement("SELECT\n  2", 4, 1, false), st.get(3));
    }

    @Test
    void parenthesesKeepRuleBodiesTogether() {
        assertEquals(
                List.of(
                        "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))"),
                texts(
                        "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));"));
    }
}
