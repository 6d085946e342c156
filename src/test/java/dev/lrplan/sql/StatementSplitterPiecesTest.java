package dev.lrplan.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A text split as it arrives, in pieces ({@link StatementSplitter#splitPrefix}, then the rest at
 * the end), gives exactly the statements of splitting it whole: text, position, meta-command and
 * COPY data. Generated scripts from fragments that change how what follows them splits (quotes, E''
 * strings, dollar quotes, comments, parentheses, BEGIN ATOMIC bodies, meta-commands in and between
 * statements, \gset, COPY … FROM stdin with its data), cut at random places.
 */
class StatementSplitterPiecesTest {
    private static final String[] FRAGMENTS = {
        "SELECT 1;",
        "SELECT 'a;b' AS \"x;y\";",
        "SELECT E'it\\'s;';",
        "SELECT 'it''s;'\n;",
        "-- a comment; with a semicolon\n",
        "/* block; /* nested; */ still; */ SELECT 2;",
        "DO $$ BEGIN RAISE NOTICE 'x;'; END $$;",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$;",
        "CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;",
        "SELECT (1;\n2);",
        "\\set ON_ERROR_STOP on\n",
        "\\echo 'a;b'\n",
        "SELECT 1 AS x \\gset\n",
        "SELECT 2 AS y\n\\gset\n",
        "SELECT 3\n\\echo inside\n;",
        "\\if :x\nSELECT 4;\n\\else\nSELECT 5;\n\\endif\n",
        "COPY t (a) FROM stdin;\n1\n2\n\\.\n",
        "SELECT $tag$;$tag$, $1;",
        "SELECT e'\\\\';",
        "  \n\t",
        "SELECT 'é;ü';",
    };

    @Test
    void piecesSplitAsTheWhole() {
        Random random = new Random(20261128);
        for (int n = 0; n < 3000; n++) {
            StringBuilder script = new StringBuilder();
            int parts = 1 + random.nextInt(12);
            for (int i = 0; i < parts; i++) {
                script.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                if (random.nextInt(3) == 0) {
                    script.append(random.nextBoolean() ? "\n" : " ");
                }
            }
            String text = script.toString();
            List<Statement> whole = StatementSplitter.split(text);
            assertEquals(
                    whole,
                    inPieces(text, cuts(text.length(), random)),
                    "script " + n + ":\n" + text);
        }
    }

    @Test
    void holdsBackTheLastStatementUntilMoreArrives() {
        StatementSplitter.Prefix p = StatementSplitter.splitPrefix("SELECT 1;\nSELECT 2;", 1, 1);
        assertEquals(List.of("SELECT 1"), p.statements().stream().map(Statement::text).toList());
        assertEquals("\nSELECT 2;", p.rest());
        assertEquals(1, p.restLine());
        assertEquals(10, p.restColumn());
        // A \gset that arrives later still belongs to the statement before it.
        StatementSplitter.Prefix q =
                StatementSplitter.splitPrefix(p.rest() + "\n\\gset\nSELECT 3;", 1, 10);
        assertEquals(
                List.of("SELECT 2", "\\gset"),
                q.statements().stream().map(Statement::text).toList());
        assertTrue(q.rest().contains("SELECT 3"));
    }

    /** Random places to cut a text of this length, in order. */
    private static List<Integer> cuts(int length, Random random) {
        List<Integer> at = new ArrayList<>();
        for (int i = 1; i < length; i++) {
            if (random.nextInt(Math.max(1, length / 6)) == 0) {
                at.add(i);
            }
        }
        return at;
    }

    /** The text given piece by piece: each piece appended to the rest so far. */
    private static List<Statement> inPieces(String text, List<Integer> cuts) {
        List<Statement> out = new ArrayList<>();
        String rest = "";
        int line = 1;
        int column = 1;
        int from = 0;
        for (int at : cuts) {
            StatementSplitter.Prefix p =
                    StatementSplitter.splitPrefix(rest + text.substring(from, at), line, column);
            out.addAll(p.statements());
            rest = p.rest();
            line = p.restLine();
            column = p.restColumn();
            from = at;
        }
        out.addAll(StatementSplitter.split(rest + text.substring(from), line, column));
        return out;
    }
}
