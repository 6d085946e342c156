package dev.lrplan.sql;

import java.util.List;

/**
 * SQL text composed only of other typed pieces, fixed keywords and numbers: a qualified name, a
 * list of columns, {@code USING INDEX "i"}. Its text can only be built from typed parts, never from
 * a string a user or a catalog supplied.
 */
public final class Fragment implements SqlText {

    private final String sql;

    private Fragment(String sql) {
        this.sql = sql;
    }

    /**
     * A fixed keyword or keyword sequence, e.g. {@code FULL} or {@code true}: letters, digits,
     * spaces.
     */
    public static Fragment keyword(String words) {
        if (!isKeyword(words)) {
            throw new IllegalArgumentException("not a keyword: " + Sql.printable(words));
        }
        return new Fragment(words);
    }

    /** {@code [A-Za-z_][A-Za-z_0-9 ]*}, checked without a regular expression (called per table). */
    private static boolean isKeyword(String w) {
        if (w.isEmpty()) {
            return false;
        }
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            if (!letter && (i == 0 || !((c >= '0' && c <= '9') || c == ' '))) {
                return false;
            }
        }
        return true;
    }

    public static Fragment number(long n) {
        return new Fragment(Long.toString(n));
    }

    /**
     * Pieces one after the other, with single spaces or punctuation between them given as
     * separators.
     */
    public static Fragment concat(SqlText... parts) {
        StringBuilder b = new StringBuilder();
        for (SqlText p : parts) {
            b.append(p.sql());
        }
        return new Fragment(b.toString());
    }

    /** Pieces joined by a separator made of punctuation, spaces, AND or OR. */
    public static Fragment join(String separator, List<? extends SqlText> parts) {
        String sep = separator(separator).sql;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                b.append(sep);
            }
            b.append(parts.get(i).sql());
        }
        return new Fragment(b.toString());
    }

    /** Punctuation and spaces between pieces: {@code ", "}, {@code "."}, {@code " ("}. */
    public static Fragment separator(String text) {
        if (!isSeparator(text)) {
            throw new IllegalArgumentException("not a separator: " + Sql.printable(text));
        }
        return new Fragment(text);
    }

    /**
     * {@code [ ,.()=:\[\]]*}, or {@code " AND "} / {@code " OR "}: checked without a regular
     * expression, as names are joined for every table.
     */
    private static boolean isSeparator(String text) {
        if (text.equals(" AND ") || text.equals(" OR ")) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            if (" ,.()=:[]".indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code schema.name}, each part an identifier. */
    public static Fragment qualified(String schema, String name) {
        return new Fragment(Sql.ident(schema) + "." + Sql.ident(name));
    }

    /**
     * An expression from one of lrplan's own rules (a pattern written in its source, such as a type
     * rule's violation predicate), with typed arguments in its {@code %1$s} places. The pattern is
     * never user input.
     */
    public static Fragment rule(String pattern, SqlText... args) {
        Object[] texts = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            texts[i] = args[i].sql();
        }
        String out = String.format(pattern, texts);
        if (hasControl(out)) {
            throw new IllegalArgumentException("a rule's text cannot hold control characters");
        }
        return new Fragment(out);
    }

    /**
     * An expression the plan gives ({@code drift.fill}), as printed again from JSqlParser's parse
     * tree by {@code diff/FillExpression}: never the plan's raw text, so no comment or second
     * statement; the one place besides user steps where the plan's SQL enters a script.
     */
    public static Fragment parsedExpression(String printedFromTree) {
        if (hasControl(printedFromTree)) {
            throw new IllegalArgumentException("an expression cannot hold control characters");
        }
        return new Fragment(printedFromTree);
    }

    private static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** Nothing: for an optional clause that is absent. */
    public static Fragment empty() {
        return new Fragment("");
    }

    /**
     * A dollar-quote tag ({@code $base$}, or {@code $base1$} …) that occurs in none of the given
     * texts.
     */
    public static Fragment dollarTag(String base, String... contents) {
        return dollarTag(base, java.util.Arrays.asList(contents));
    }

    /** As above, for texts that say whether any of them holds a tag. */
    public static Fragment dollarTag(String base, java.util.function.Predicate<String> occurs) {
        if (!base.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a dollar-quote tag: " + Sql.printable(base));
        }
        return new Fragment(Sql.dollarTag(base, occurs));
    }

    /** As above, over any number of texts. */
    public static Fragment dollarTag(String base, java.util.Collection<String> contents) {
        return dollarTag(base, tag -> contents.stream().anyMatch(c -> c.contains(tag)));
    }

    /**
     * A value as the single-quoted argument of a psql meta-command ({@code \\set name '…'}): a
     * quote doubled, a backslash doubled, and every control character as a three-digit octal
     * escape, so the line holds no raw control character and psql gives back the exact value.
     */
    public static Fragment psqlArgument(String value) {
        StringBuilder b = new StringBuilder("'");
        value.codePoints()
                .forEach(
                        cp -> {
                            if (cp == '\'') {
                                b.append("''");
                            } else if (cp == '\\') {
                                b.append("\\\\");
                            } else if (cp < 0x20 || cp == 0x7f) {
                                b.append(String.format("\\%03o", cp));
                            } else {
                                b.appendCodePoint(cp);
                            }
                        });
        return new Fragment(b.append('\'').toString());
    }

    /**
     * A plan's own SQL file, included as its author wrote it: the one place where text that lrplan
     * did not build enters a script, as the whole of a user step that the reviewer reads as such.
     */
    public static Fragment verbatim(String userScript) {
        return new Fragment(userScript);
    }

    @Override
    public String sql() {
        return sql;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fragment f && f.sql.equals(sql);
    }

    @Override
    public int hashCode() {
        return sql.hashCode();
    }

    @Override
    public String toString() {
        return sql;
    }
}
