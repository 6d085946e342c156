package dev.lrplan.sql;

/**
 * A lexical token of PostgreSQL SQL.
 *
 * @param text for identifiers the name itself (quotes removed, unquoted names folded to lower
 *     case); for strings the value; otherwise the token as written
 * @param start offset of the token's first character in the statement
 * @param end offset just past the token's last character
 */
public record Token(Kind kind, String text, int start, int end) {
    public Token(Kind kind, String text) {
        this(kind, text, 0, 0);
    }

    public enum Kind {
        WORD,
        QUOTED_IDENT,
        STRING,
        NUMBER,
        SYMBOL
    }

    /** Whether this is the given keyword (an unquoted word, compared case-insensitively). */
    public boolean is(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    public boolean isIdentifier() {
        return kind == Kind.WORD || kind == Kind.QUOTED_IDENT;
    }
}
