package dev.lrplan.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** String constants in every form are one token, so nothing inside them is taken for SQL. */
class LexerTest {
    @Test
    void stringConstantsInEveryFormAreOneToken() {
        String sql = "SELECT E'it\\'s :x', $$ :y; $$, $t$ 'z' $t$, 'a''b', x::int, $1";
        List<Token> strings =
                Lexer.tokens(sql).stream().filter(t -> t.kind() == Token.Kind.STRING).toList();
        assertEquals(
                List.of("it's :x", " :y; ", " 'z' ", "a'b"),
                strings.stream().map(Token::text).toList());
        assertEquals("E'it\\'s :x'", sql.substring(strings.get(0).start(), strings.get(0).end()));
        assertEquals("$t$ 'z' $t$", sql.substring(strings.get(2).start(), strings.get(2).end()));
        assertEquals(
                List.of("::", "$"),
                Lexer.tokens(sql).stream()
                        .filter(
                                t ->
                                        t.kind() == Token.Kind.SYMBOL
                                                && (t.text().equals("::") || t.text().equals("$")))
                        .map(Token::text)
                        .toList(),
                "a cast, and $1 is a parameter, not a dollar quote");
    }
}
