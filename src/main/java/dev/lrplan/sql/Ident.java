package dev.lrplan.sql;

/**
 * An SQL identifier, printed as {@code quote_ident} would, except that a name holding a control
 * character (a line break, say) is printed in the {@code U&"…"} form with that character escaped:
 * the script then holds no raw line break anywhere, so a name cannot end a {@code --} comment or
 * start a psql meta-command.
 */
public record Ident(String name) implements SqlText {
    public Ident {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an SQL identifier cannot be empty");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an SQL identifier cannot hold a NUL character");
        }
    }

    public static Ident of(String name) {
        return new Ident(name);
    }

    @Override
    public String sql() {
        return Sql.ident(name);
    }

    @Override
    public String toString() {
        return sql();
    }
}
