package dev.lrplan.sql;

/**
 * An SQL string literal: {@code '…'} with quotes doubled, or, when the value holds a control
 * character, the escape form {@code E'…'} so that the script holds no raw line break.
 */
public final class Literal implements SqlText {
    private final String value;
    private final String sql;

    public Literal(String value) {
        if (value == null) {
            throw new IllegalArgumentException("a literal needs a value; use NULL explicitly");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a PostgreSQL string cannot hold a NUL character");
        }
        this.value = value;
        // Printed once: a step for 10,000 tables prints the same names again and again.
        this.sql = Sql.literal(value);
    }

    public static Literal of(String value) {
        return new Literal(value);
    }

    public String value() {
        return value;
    }

    @Override
    public String sql() {
        return sql;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Literal other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return sql();
    }
}
