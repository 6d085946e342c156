package dev.lrplan.sql;

/**
 * A lexical token of PostgreSQL SQL.
 *
 * @param text for identifiers the name itself (quotes removed, unquoted names folded to lower case);
 *             for strings the value; otherwise the token as written
 */
public record Token(Kind kind, String text) {
    public enum Kind { WORD, QUOTED_IDENT, STRING, NUMBER, SYMBOL }

    /** Whether this is the given keyword (an unquoted word, compared case-insensitively). */
    public boolean is(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    public boolean isIdentifier() {
        return kind == Kind.WORD || kind == Kind.QUOTED_IDENT;
    }
}
