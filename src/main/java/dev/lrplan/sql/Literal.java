package dev.lrplan.sql;

/**
 * An SQL string literal: {@code '…'} with quotes doubled, or, when the value holds a control
 * character, the escape form {@code E'…'} so that the script holds no raw line break.
 */
public record Literal(String value) implements SqlText {
    public Literal {
        if (value == null) {
            throw new IllegalArgumentException("a literal needs a value; use NULL explicitly");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a PostgreSQL string cannot hold a NUL character");
        }
    }

    public static Literal of(String value) {
        return new Literal(value);
    }

    @Override
    public String sql() {
        return Sql.literal(value);
    }

    @Override
    public String toString() {
        return sql();
    }
}
