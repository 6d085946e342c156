package dev.lrplan.sql;

/**
 * Text for a {@code --} comment line: every control character (line breaks included) is shown
 * escaped, so the comment always ends where the template's line ends.
 */
public record CommentText(String text) implements SqlText {
    public CommentText {
        if (text == null) {
            throw new IllegalArgumentException("comment text cannot be null");
        }
    }

    public static CommentText of(String text) {
        return new CommentText(text);
    }

    @Override
    public String sql() {
        return Sql.comment(text);
    }

    @Override
    public String toString() {
        return sql();
    }
}
