package dev.lrplan.sql;

import java.util.Locale;
import java.util.Set;

/**
 * The one place where names and values become SQL text. Every identifier and literal that reaches a
 * script or a query string passes through here, so a hostile name can never change a statement's
 * shape.
 */
public final class Sql {
    private Sql() {}

    /**
     * Keywords that PostgreSQL will not accept as a bare column or table name in every position
     * (reserved, type/function-name and column-name categories of its keyword list). Unreserved
     * keywords are safe unquoted, exactly as {@code quote_ident} treats them.
     */
    private static final Set<String> NEEDS_QUOTES =
            Set.of(
                    "all",
                    "analyse",
                    "analyze",
                    "and",
                    "any",
                    "array",
                    "as",
                    "asc",
                    "asymmetric",
                    "authorization",
                    "between",
                    "bigint",
                    "binary",
                    "bit",
                    "boolean",
                    "both",
                    "case",
                    "cast",
                    "char",
                    "character",
                    "check",
                    "coalesce",
                    "collate",
                    "collation",
                    "column",
                    "concurrently",
                    "constraint",
                    "create",
                    "cross",
                    "current_catalog",
                    "current_date",
                    "current_role",
                    "current_schema",
                    "current_time",
                    "current_timestamp",
                    "current_user",
                    "dec",
                    "decimal",
                    "default",
                    "deferrable",
                    "desc",
                    "distinct",
                    "do",
                    "else",
                    "end",
                    "except",
                    "exists",
                    "extract",
                    "false",
                    "fetch",
                    "float",
                    "for",
                    "foreign",
                    "freeze",
                    "from",
                    "full",
                    "grant",
                    "greatest",
                    "group",
                    "grouping",
                    "having",
                    "ilike",
                    "in",
                    "initially",
                    "inner",
                    "inout",
                    "int",
                    "integer",
                    "intersect",
                    "interval",
                    "into",
                    "is",
                    "isnull",
                    "join",
                    "json",
                    "json_array",
                    "json_arrayagg",
                    "json_exists",
                    "json_object",
                    "json_objectagg",
                    "json_query",
                    "json_scalar",
                    "json_serialize",
                    "json_table",
                    "json_value",
                    "lateral",
                    "leading",
                    "least",
                    "left",
                    "like",
                    "limit",
                    "localtime",
                    "localtimestamp",
                    "merge_action",
                    "national",
                    "natural",
                    "nchar",
                    "none",
                    "normalize",
                    "not",
                    "notnull",
                    "null",
                    "nullif",
                    "numeric",
                    "offset",
                    "on",
                    "only",
                    "or",
                    "order",
                    "out",
                    "outer",
                    "overlaps",
                    "overlay",
                    "placing",
                    "position",
                    "precision",
                    "primary",
                    "real",
                    "references",
                    "returning",
                    "right",
                    "row",
                    "select",
                    "session_user",
                    "setof",
                    "similar",
                    "smallint",
                    "some",
                    "substring",
                    "symmetric",
                    "system_user",
                    "table",
                    "tablesample",
                    "then",
                    "time",
                    "timestamp",
                    "to",
                    "trailing",
                    "treat",
                    "trim",
                    "true",
                    "union",
                    "unique",
                    "user",
                    "using",
                    "values",
                    "varchar",
                    "variadic",
                    "verbose",
                    "when",
                    "where",
                    "window",
                    "with",
                    "xmlattributes",
                    "xmlconcat",
                    "xmlelement",
                    "xmlexists",
                    "xmlforest",
                    "xmlnamespaces",
                    "xmlparse",
                    "xmlpi",
                    "xmlroot",
                    "xmlserialize",
                    "xmltable");

    /**
     * An identifier as PostgreSQL's {@code quote_ident} would print it: bare when safe, quoted
     * otherwise; a name that holds a control character is printed as {@code U&"…"} with that
     * character escaped, so that the text never holds a raw line break.
     */
    public static String ident(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an SQL identifier cannot be empty");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an SQL identifier cannot hold a NUL character");
        }
        if (isBare(name)) {
            return name;
        }
        if (!hasControl(name)) {
            return '"' + name.replace("\"", "\"\"") + '"';
        }
        StringBuilder b = new StringBuilder("U&\"");
        name.codePoints()
                .forEach(
                        cp -> {
                            if (cp == '"') {
                                b.append("\"\"");
                            } else if (cp == '\\') {
                                b.append("\\\\");
                            } else if (isControl(cp)) {
                                b.append(String.format("\\%04X", cp));
                            } else {
                                b.appendCodePoint(cp);
                            }
                        });
        return b.append('"').toString();
    }

    /**
     * The name as the text input of {@code regclass} and {@code quote_ident} read it: quoted with
     * doubled quotes and nothing else, control characters kept raw. For use inside a literal only
     * (whose own quoting escapes them).
     */
    public static String regclassText(String schema, String name) {
        return plainIdent(schema) + "." + plainIdent(name);
    }

    private static String plainIdent(String name) {
        return isBare(name) ? name : '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A schema-qualified name, each part quoted on its own. */
    public static String qualified(String schema, String name) {
        return ident(schema) + "." + ident(name);
    }

    /**
     * A string literal in standard-conforming form, or in the escape form {@code E'…'} when the
     * value holds a control character, so that the text never holds a raw line break. A NUL cannot
     * be represented and is refused.
     */
    public static String literal(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a PostgreSQL string cannot hold a NUL character");
        }
        if (!hasControl(value)) {
            return '\'' + value.replace("'", "''") + '\'';
        }
        StringBuilder b = new StringBuilder("E'");
        value.codePoints()
                .forEach(
                        cp -> {
                            if (cp == '\'') {
                                b.append("''");
                            } else if (cp == '\\') {
                                b.append("\\\\");
                            } else if (isControl(cp)) {
                                b.append(String.format("\\x%02X", cp));
                            } else {
                                b.appendCodePoint(cp);
                            }
                        });
        return b.append('\'').toString();
    }

    /**
     * C0 controls and DEL: what can end a comment, start a meta-command or move a terminal's
     * cursor.
     */
    private static boolean isControl(int cp) {
        return cp < 0x20 || cp == 0x7f;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBare(String name) {
        char first = name.charAt(0);
        if (!(first >= 'a' && first <= 'z') && first != '_') {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
            if (!ok) {
                return false;
            }
        }
        return !NEEDS_QUOTES.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * A name built from parts that fits PostgreSQL's 63-byte limit: when too long it is cut on a
     * character boundary and given a short hash of the whole, so distinct inputs stay distinct.
     */
    public static String fitName(String name) {
        byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length <= 63) {
            return name;
        }
        String hash = shortHash(name);
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int cp : name.codePoints().toArray()) {
            int len =
                    new String(Character.toChars(cp))
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)
                            .length;
            if (used + len > 63 - hash.length() - 1) {
                break;
            }
            out.appendCodePoint(cp);
            used += len;
        }
        return out + "_" + hash;
    }

    /** Eight hex digits of SHA-256: a stable short name for generated objects. */
    public static String shortHash(String text) {
        try {
            byte[] d =
                    java.security.MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * Text safe inside a {@code --} comment: line breaks and other control characters are shown
     * escaped.
     */
    public static String comment(String text) {
        return printable(text);
    }

    /**
     * Text safe to show on a terminal or in a comment: control characters (C0, DEL, C1), line and
     * paragraph separators and bidirectional overrides are shown as escapes ({@code \n}, {@code
     * \r}, {@code \t}, {@code \u001B}); everything else is kept.
     */
    public static String printable(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String esc =
                    switch (c) {
                        case '\n' -> "\\n";
                        case '\r' -> "\\r";
                        case '\t' -> "\\t";
                        default -> unprintable(c) ? String.format("\\u%04X", (int) c) : null;
                    };
            if (esc != null && b == null) {
                b = new StringBuilder(text.substring(0, i));
            }
            if (b != null) {
                b.append(esc != null ? esc : String.valueOf(c));
            }
        }
        return b == null ? text : b.toString();
    }

    /**
     * Like {@link #printable}, but keeps line breaks: for messages of several lines (an error with
     * its DETAIL).
     */
    public static String printableLines(String text) {
        if (text == null) {
            return "null";
        }
        return String.join(
                "\n", java.util.Arrays.stream(text.split("\n", -1)).map(Sql::printable).toList());
    }

    private static boolean unprintable(char c) {
        int type = Character.getType(c);
        return type == Character.CONTROL
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200E
                || c == 0x200F;
    }

    /**
     * A dollar-quote tag ({@code $base$}, or {@code $base1$} …) for which {@code occurs} is false:
     * texts that say whether any of them holds it (a template model walks itself, without
     * collecting its texts first).
     */
    public static String dollarTag(String base, java.util.function.Predicate<String> occurs) {
        String tag = "$" + base + "$";
        for (int i = 1; occurs.test(tag); i++) {
            tag = "$" + base + i + "$";
        }
        return tag;
    }
}
