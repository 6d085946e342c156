package dev.lrplan.sql;

/**
 * An SQL identifier, printed as {@code quote_ident} would, except that a name holding a control
 * character (a line break, say) is printed in the {@code U&"…"} form with that character escaped:
 * the script then holds no raw line break anywhere, so a name cannot end a {@code --} comment or
 * start a psql meta-command.
 */
public final class Ident implements SqlText {
    private final String name;
    private final String sql;

    public Ident(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an SQL identifier cannot be empty");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an SQL identifier cannot hold a NUL character");
        }
        this.name = name;
        // Printed once: a step for 10,000 tables prints the same names again and again.
        this.sql = Sql.ident(name);
    }

    public static Ident of(String name) {
        return new Ident(name);
    }

    public String name() {
        return name;
    }

    @Override
    public String sql() {
        return sql;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ident other && other.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return sql();
    }
}
