package dev.lrplan.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a psql script into statements the way psql does: semicolons end statements except inside
 * quotes ('…', E'…', "…"), dollar quotes ($$…$$, $tag$…$tag$), comments (-- and nested block
 * comments) and parentheses; a backslash anywhere else begins a meta-command that runs to the end
 * of its line, and {@code \\g}, {@code \\gset} and {@code \\gexec} also end the statement before
 * them.
 */
public final class StatementSplitter {
    private final String src;
    private int pos;
    private int line = 1;
    private int col = 1;

    private StatementSplitter(String src) {
        this.src = src;
    }

    public static List<Statement> split(String script) {
        return new StatementSplitter(script).run();
    }

    /**
     * As {@link #split}, for the rest of a text that began earlier ({@link Prefix#rest}): its first
     * character is at {@code line}:{@code column} of the whole, and so are the positions given.
     */
    public static List<Statement> split(String rest, int line, int column) {
        StatementSplitter s = new StatementSplitter(rest);
        s.line = line;
        s.col = column;
        return s.run();
    }

    /**
     * The statements of a text that is still arriving, such as what one step prints for the other
     * cluster: those certain to come out the same whatever follows, and the rest to split again
     * once more text is appended to it. The last statement that ended is held back too, since a
     * {@code \\gset} that follows it would change how it runs. Splitting each rest with what
     * arrived after it ({@link #split(String, int, int)} at the end) gives exactly what splitting
     * the whole would.
     */
    public static Prefix splitPrefix(String text, int line, int column) {
        StatementSplitter s = new StatementSplitter(text);
        s.line = line;
        s.col = column;
        s.cuts = new ArrayList<>();
        s.cuts.add(new int[] {0, line, column, 0});
        List<Statement> all = s.run();
        int[] cut = s.cuts.get(Math.max(0, s.cuts.size() - 2));
        return new Prefix(
                List.copyOf(all.subList(0, cut[3])), text.substring(cut[0]), cut[1], cut[2]);
    }

    /**
     * Statements that will not change, and the text after them, which starts at {@code
     * restLine}:{@code restColumn}.
     */
    public record Prefix(List<Statement> statements, String rest, int restLine, int restColumn) {}

    /**
     * Where the text could be cut so far ({@link #splitPrefix}): offset, line, column and the
     * number of statements before it, at every end of a statement with nothing pending after it; or
     * null.
     */
    private List<int[]> cuts;

    private void cut(int statements) {
        if (cuts != null) {
            cuts.add(new int[] {pos, line, col, statements});
        }
    }

    private int words;
    private int blocks;

    private static final java.util.regex.Pattern COPY_FROM_STDIN =
            java.util.regex.Pattern.compile("(?is)^copy\\b.*\\bfrom\\s+stdin\\b.*");

    private static boolean copyFromStdin(String statement) {
        return COPY_FROM_STDIN.matcher(statement).matches();
    }

    /**
     * psql's inline COPY data: the lines after the statement, up to a line that is {@code \.} (or
     * the end).
     */
    private String readCopyData() {
        readToLineEnd();
        if (pos < src.length()) {
            advance();
        }
        StringBuilder data = new StringBuilder();
        while (pos < src.length()) {
            String l = readToLineEnd();
            if (pos < src.length()) {
                advance();
            }
            if (l.equals("\\.") || l.equals("\\.\r")) {
                break;
            }
            data.append(l).append('\n');
        }
        return data.toString();
    }

    /**
     * Whether the text so far is only whitespace: stops at the first other character, so that the
     * question costs nothing in a long statement (asking it of toString() made splitting quadratic
     * in a statement's length).
     */
    private static boolean blank(StringBuilder b) {
        for (int i = 0; i < b.length(); i++) {
            if (!Character.isWhitespace(b.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private List<Statement> run() {
        List<Statement> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int startLine = 0;
        int startCol = 0;
        int depth = 0;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\\') {
                // psql reads a backslash outside quotes and comments as a meta-command, anywhere on
                // a line; it
                // runs to the line's end. \g, \gset and \gexec send the query typed so far.
                int l = line;
                int k = col;
                String meta = readToLineEnd().strip();
                boolean sends = meta.matches("\\\\g(set|exec)?(\\s.*)?");
                String pending = current.toString().strip();
                if (sends && !pending.isEmpty()) {
                    out.add(new Statement(pending, startLine, startCol, false));
                    current.setLength(0);
                    words = 0;
                    blocks = 0;
                }
                out.add(new Statement(meta, l, k, true));
                if (pending.isEmpty() || sends) {
                    current.setLength(0);
                    if (depth == 0 && blocks == 0) {
                        cut(out.size());
                    }
                }
                continue;
            }
            if (!Character.isWhitespace(c) && blank(current) && !startsComment()) {
                startLine = line;
                startCol = col;
            }
            if (c == '-' && peek(1) == '-') {
                String comment = readToLineEnd();
                if (!blank(current)) {
                    current.append(comment);
                }
                continue;
            }
            if (c == '/' && peek(1) == '*') {
                String comment = readBlockComment();
                if (!blank(current)) {
                    current.append(comment);
                }
                continue;
            }
            if (c == '\'') {
                boolean escaped =
                        pos > 0
                                && (src.charAt(pos - 1) == 'E' || src.charAt(pos - 1) == 'e')
                                && (pos < 2 || !isIdentChar(src.charAt(pos - 2)));
                current.append(readQuoted('\'', escaped));
                continue;
            }
            if (c == '"') {
                current.append(readQuoted('"', false));
                continue;
            }
            if (c == '$') {
                String tag = dollarTag();
                if (tag != null && (pos == 0 || !isIdentChar(src.charAt(pos - 1)))) {
                    current.append(readDollarQuoted(tag));
                    continue;
                }
            }
            if (Character.isLetter(c) || c == '_') {
                // psql's rule for SQL-standard function bodies (BEGIN ATOMIC … END): a BEGIN or
                // CASE that is not the
                // statement's first word opens a block, END closes one, and a semicolon inside a
                // block ends nothing.
                int from = pos;
                while (pos < src.length() && isIdentChar(src.charAt(pos))) {
                    advance();
                }
                String word = src.substring(from, pos);
                String lower = word.toLowerCase(java.util.Locale.ROOT);
                if ((lower.equals("begin") || lower.equals("case")) && words > 0) {
                    blocks++;
                } else if (lower.equals("end") && blocks > 0) {
                    blocks--;
                }
                words++;
                current.append(word);
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (c == ';' && depth == 0 && blocks == 0) {
                advance();
                String text = current.toString().strip();
                if (!text.isEmpty()) {
                    out.add(
                            copyFromStdin(text)
                                    ? new Statement(
                                            text, startLine, startCol, false, readCopyData())
                                    : new Statement(text, startLine, startCol, false));
                }
                current.setLength(0);
                words = 0;
                cut(out.size());
                continue;
            }
            current.append(c);
            advance();
        }
        String rest = current.toString().strip();
        if (!rest.isEmpty()) {
            out.add(new Statement(rest, startLine, startCol, false));
        }
        return out;
    }

    private boolean startsComment() {
        char c = src.charAt(pos);
        return (c == '-' && peek(1) == '-') || (c == '/' && peek(1) == '*');
    }

    private static boolean isIdentChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < src.length() ? src.charAt(i) : '\0';
    }

    private void advance() {
        if (src.charAt(pos) == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
        pos++;
    }

    private String take(int count) {
        int from = pos;
        for (int i = 0; i < count && pos < src.length(); i++) {
            advance();
        }
        return src.substring(from, pos);
    }

    private String readToLineEnd() {
        int from = pos;
        while (pos < src.length() && src.charAt(pos) != '\n') {
            advance();
        }
        return src.substring(from, pos);
    }

    private String readBlockComment() {
        int from = pos;
        int nesting = 0;
        while (pos < src.length()) {
            if (src.charAt(pos) == '/' && peek(1) == '*') {
                nesting++;
                take(2);
            } else if (src.charAt(pos) == '*' && peek(1) == '/') {
                nesting--;
                take(2);
                if (nesting == 0) {
                    break;
                }
            } else {
                advance();
            }
        }
        return src.substring(from, pos);
    }

    private String readQuoted(char quote, boolean backslashEscapes) {
        int from = pos;
        advance();
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (backslashEscapes && c == '\\') {
                take(2);
                continue;
            }
            advance();
            if (c == quote) {
                if (pos < src.length() && src.charAt(pos) == quote) {
                    advance();
                    continue;
                }
                break;
            }
        }
        return src.substring(from, pos);
    }

    /** The dollar-quote tag starting at pos ("$$" or "$name$"), or null when this $ opens none. */
    private String dollarTag() {
        int i = pos + 1;
        while (i < src.length()
                && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_')) {
            i++;
        }
        if (i < src.length() && src.charAt(i) == '$') {
            String tag = src.substring(pos, i + 1);
            if (tag.length() > 2 && Character.isDigit(tag.charAt(1))) {
                return null; // $1 is a parameter, not a tag
            }
            return tag;
        }
        return null;
    }

    private String readDollarQuoted(String tag) {
        int from = pos;
        take(tag.length());
        int end = src.indexOf(tag, pos);
        take(end < 0 ? src.length() - pos : end - pos + tag.length());
        return src.substring(from, pos);
    }
}
