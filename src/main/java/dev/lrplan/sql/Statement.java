package dev.lrplan.sql;

/**
 * One statement of a script, as written, with where it starts. A psql meta-command (a line that
 * starts with a backslash) is a statement of its own with {@code metaCommand} set.
 *
 * @param text the statement's text without its terminating semicolon, trimmed
 * @param line 1-based line where the statement starts
 * @param column 1-based column where the statement starts
 * @param copyData for {@code COPY … FROM stdin}: the data lines that follow it in the script
 *     (psql's inline form, up to {@code \.}), each ending in a line break; else null
 */
public record Statement(String text, int line, int column, boolean metaCommand, String copyData) {
    public Statement(String text, int line, int column, boolean metaCommand) {
        this(text, line, column, metaCommand, null);
    }

    public Statement {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a statement needs text");
        }
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("positions are 1-based");
        }
    }
}
