package dev.lrplan.sql;

import java.util.regex.Pattern;

/**
 * A column type exactly as {@code format_type} prints it: an optionally schema-qualified name (bare
 * or quoted), an optional modifier list, the SQL-standard multi-word forms ({@code character
 * varying(20)}, {@code timestamp(3) with time zone}, {@code interval day to second}), and array
 * brackets. Anything else (a semicolon, a comment, a second clause) is refused, wherever the type
 * came from: a live catalog, a snapshot or a schema file.
 */
public record TypeName(String text) implements SqlText {
    private static final String IDENT = "(?:[A-Za-z_][A-Za-z0-9_$]*|\"(?:[^\"\\p{Cntrl}]|\"\")+\")";
    private static final String MODS = "(?:\\([A-Za-z0-9_, +-]+\\))";
    private static final String ZONE = "(?: with(?:out)? time zone)";
    private static final String FIELDS =
            "(?: (?:year to month|day to hour|day to minute|day to second|hour to minute"
                    + "|hour to second|minute to second|year|month|day|hour|minute|second))";
    private static final Pattern GRAMMAR =
            Pattern.compile(
                    "(?:"
                            + "(?:bit varying|character varying|double precision)"
                            + MODS
                            + "?"
                            + "|(?:time|timestamp)"
                            + MODS
                            + "?"
                            + ZONE
                            + "?"
                            + "|interval"
                            + FIELDS
                            + "?"
                            + MODS
                            + "?"
                            + "|(?:"
                            + IDENT
                            + "\\.)?"
                            + IDENT
                            + MODS
                            + "?"
                            + ")(?:\\[\\])*");

    public TypeName {
        if (text == null || !valid(text)) {
            throw new IllegalArgumentException(
                    "not a type name as format_type prints one: "
                            + (text == null ? "null" : Sql.printable(text)));
        }
    }

    public static TypeName of(String text) {
        return new TypeName(text);
    }

    /** Whether the text is a type name as {@code format_type} can print it. */
    public static boolean valid(String text) {
        if (text.length() > 1000) {
            return false;
        }
        // A catalog names a handful of types across thousands of columns: match each once.
        if (VALID.containsKey(text)) {
            return true;
        }
        boolean valid = GRAMMAR.matcher(text).matches();
        if (valid && VALID.size() < VALID_KEPT) {
            VALID.put(text, Boolean.TRUE);
        }
        return valid;
    }

    /** Type names already matched; bounded, so hostile input cannot grow it without end. */
    private static final java.util.Map<String, Boolean> VALID =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static final int VALID_KEPT = 10_000;

    @Override
    public String sql() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
