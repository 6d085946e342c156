package dev.lrplan.apply;

import dev.lrplan.sql.Sql;
import dev.lrplan.sql.Statement;
import dev.lrplan.sql.StatementSplitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A step's script as apply runs it: the statements psql would send, one by one, and the psql meta-commands the
 * templates use ({@code \set}, {@code \echo}, {@code \pset}). Any other meta-command is refused when the script is
 * read, before anything runs, so apply never silently does less than psql would.
 */
public final class Script {
    private static final Set<String> META = Set.of("set", "echo", "pset");

    private final String file;
    private final List<Statement> items;

    private Script(String file, List<Statement> items) {
        this.file = file;
        this.items = List.copyOf(items);
    }

    public static Script parse(String file, String text) {
        List<Statement> items = StatementSplitter.split(text);
        for (Statement s : items) {
            if (s.metaCommand()) {
                String cmd = command(s);
                if (!META.contains(cmd)) {
                    throw ApplyException.refused(file + ":" + s.line() + ":" + s.column() + ": psql meta-command \\" + cmd
                            + " is not supported by lrplan apply; run this file with psql instead");
                }
            }
        }
        return new Script(file, items);
    }

    public String file() {
        return file;
    }

    public List<Statement> items() {
        return items;
    }

    /** The number of SQL statements (meta-commands not counted): what the ledger's progress counts. */
    public int sqlCount() {
        return (int) items.stream().filter(s -> !s.metaCommand()).count();
    }

    static String command(Statement meta) {
        String t = meta.text().substring(1);
        int sp = indexOfSpace(t);
        return sp < 0 ? t : t.substring(0, sp);
    }

    static List<String> arguments(Statement meta) {
        String t = meta.text().substring(1);
        int sp = indexOfSpace(t);
        List<String> args = new ArrayList<>();
        if (sp < 0) {
            return args;
        }
        String rest = t.substring(sp).strip();
        int i = 0;
        while (i < rest.length()) {
            char c = rest.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                StringBuilder b = new StringBuilder();
                i++;
                while (i < rest.length()) {
                    if (rest.charAt(i) == '\'' && i + 1 < rest.length() && rest.charAt(i + 1) == '\'') {
                        b.append('\'');
                        i += 2;
                    } else if (rest.charAt(i) == '\'') {
                        i++;
                        break;
                    } else {
                        b.append(rest.charAt(i++));
                    }
                }
                args.add(b.toString());
            } else {
                int from = i;
                while (i < rest.length() && !Character.isWhitespace(rest.charAt(i))) {
                    i++;
                }
                args.add(rest.substring(from, i));
            }
        }
        return args;
    }

    private static int indexOfSpace(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (Character.isWhitespace(t.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * psql's variable interpolation outside quotes and comments: {@code :'v'} becomes a literal, {@code :"v"} an
     * identifier, {@code :v} the raw value; {@code ::} is a cast. A variable the script uses but nobody set is an
     * error naming it, where psql would send the text as is and fail later with a syntax error.
     */
    static String interpolate(String sql, Map<String, String> vars, String where) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = closing(sql, i, c);
                out.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(sql, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                out.append(sql, i, end);
                i = end;
            } else if (c == '$' && dollarTag(sql, i) != null && (i == 0 || !identChar(sql.charAt(i - 1)))) {
                String tag = dollarTag(sql, i);
                int end = sql.indexOf(tag, i + tag.length());
                end = end < 0 ? n : end + tag.length();
                out.append(sql, i, end);
                i = end;
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                out.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < n && (sql.charAt(i + 1) == '\'' || sql.charAt(i + 1) == '"')) {
                char q = sql.charAt(i + 1);
                int end = sql.indexOf(q, i + 2);
                String name = end < 0 ? "" : sql.substring(i + 2, end);
                if (end < 0 || !name.matches("[A-Za-z0-9_]+")) {
                    out.append(c);
                    i++;
                    continue;
                }
                out.append(q == '\'' ? Sql.literal(value(vars, name, where)) : Sql.ident(value(vars, name, where)));
                i = end + 1;
            } else if (c == ':' && i + 1 < n && identChar(sql.charAt(i + 1)) && sql.charAt(i + 1) != '$'
                    && (i == 0 || sql.charAt(i - 1) != ':')) {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                    end++;
                }
                String name = sql.substring(i + 1, end);
                if (vars.containsKey(name)) {
                    out.append(vars.get(name));
                } else {
                    out.append(sql, i, end); // psql leaves unknown :names alone (array slices, for example)
                }
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String value(Map<String, String> vars, String name, String where) {
        String v = vars.get(name);
        if (v == null) {
            throw ApplyException.usage(where + ": the script needs psql variable " + name + ", which is not set"
                    + (name.endsWith("_conninfo") ? " (give --" + name.replace("_conninfo", "") + "-url or --plan)" : ""));
        }
        return v;
    }

    private static int closing(String sql, int from, char q) {
        int i = from + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == q) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == q) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            if (q == '\'' && sql.charAt(i) == '\\' && from > 0 && (sql.charAt(from - 1) == 'E' || sql.charAt(from - 1) == 'e')) {
                i += 2;
                continue;
            }
            i++;
        }
        return sql.length();
    }

    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        if (j < sql.length() && sql.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
            return sql.substring(i, j + 1);
        }
        return null;
    }

    private static boolean identChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
