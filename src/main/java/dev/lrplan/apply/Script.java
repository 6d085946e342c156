package dev.lrplan.apply;

import dev.lrplan.sql.Lexer;
import dev.lrplan.sql.Sql;
import dev.lrplan.sql.Statement;
import dev.lrplan.sql.StatementSplitter;
import dev.lrplan.sql.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A step's script as apply runs it: the statements psql would send, one by one, and the psql
 * meta-commands the templates use ({@code \set}, {@code \echo}, {@code \pset}, and {@code \gset}
 * with {@code \if} … {@code \endif}, which make a step safe to run again: it looks at the catalog
 * and skips what an earlier run already did). Any other meta-command is refused when the script is
 * read, before anything runs, so apply never silently does less than psql would.
 */
public final class Script {
    private static final Set<String> META =
            Set.of("set", "echo", "pset", "gset", "if", "elif", "else", "endif");
    private static final String VARIABLE = "[A-Za-z0-9_]+";
    private static final java.util.regex.Pattern COPY_STDIO =
            java.util.regex.Pattern.compile("(?is)^copy\\b.*\\b(stdin|stdout)\\b.*");

    private final String file;
    private final List<Statement> items;

    private Script(String file, List<Statement> items) {
        this.file = file;
        this.items = List.copyOf(items);
    }

    public static Script parse(String file, String text) {
        return of(file, StatementSplitter.split(text));
    }

    /**
     * Statements split already (a piece of what a step prints, {@link PrintedSql}), refused as
     * {@link #parse} refuses them.
     */
    static Script of(String file, List<Statement> items) {
        for (Statement s : items) {
            if (!s.metaCommand()
                    && s.copyData() == null
                    && COPY_STDIO.matcher(s.text()).matches()) {
                throw ApplyException.refused(
                        file
                                + ":"
                                + s.line()
                                + ":"
                                + s.column()
                                + ": COPY to or from the client"
                                + " (STDIN/STDOUT) is supported by lrplan apply only as COPY … FROM stdin with its data inline,"
                                + " as pg_dump writes it; run this file with psql instead");
            }
            if (s.metaCommand()) {
                String cmd = command(s);
                if (!META.contains(cmd)) {
                    throw ApplyException.refused(
                            file
                                    + ":"
                                    + s.line()
                                    + ":"
                                    + s.column()
                                    + ": psql meta-command \\"
                                    + cmd
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

    /**
     * The number of SQL statements (meta-commands not counted): what the ledger's progress counts.
     */
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
                    if (rest.charAt(i) == '\''
                            && i + 1 < rest.length()
                            && rest.charAt(i + 1) == '\'') {
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
     * psql's variable interpolation outside quotes and comments (the {@link Lexer} finds those):
     * {@code :'v'} becomes a literal, {@code :"v"} an identifier, {@code :v} the raw value; {@code
     * ::} is a cast. A variable in {@code :'v'} or {@code :"v"} that nobody set is an error naming
     * it, where psql would send the text as is and fail later with a syntax error; an unknown
     * {@code :v} stays as it is, as in psql (array slices, for example).
     */
    static String interpolate(String sql, Map<String, String> vars, String where) {
        List<Token> tokens = Lexer.tokens(sql);
        StringBuilder out = new StringBuilder();
        int copied = 0;
        for (int k = 0; k + 1 < tokens.size(); k++) {
            Token colon = tokens.get(k);
            Token next = tokens.get(k + 1);
            if (colon.kind() != Token.Kind.SYMBOL
                    || !colon.text().equals(":")
                    || next.start() != colon.end()) {
                continue;
            }
            String raw = sql.substring(next.start(), next.end());
            String replacement = null;
            if (next.kind() == Token.Kind.STRING
                    && raw.startsWith("'")
                    && next.text().matches(VARIABLE)) {
                replacement = Sql.literal(value(vars, next.text(), where));
            } else if (next.kind() == Token.Kind.QUOTED_IDENT && next.text().matches(VARIABLE)) {
                replacement = Sql.ident(value(vars, next.text(), where));
            } else if (next.kind() == Token.Kind.WORD
                    && raw.matches(VARIABLE)
                    && vars.containsKey(raw)) {
                replacement = vars.get(raw);
            }
            if (replacement != null) {
                out.append(sql, copied, colon.start()).append(replacement);
                copied = next.end();
                k++;
            }
        }
        return out.append(sql, copied, sql.length()).toString();
    }

    /**
     * psql's interpolation in a meta-command's unquoted argument: {@code :name} becomes the
     * variable's value.
     */
    static String interpolateMeta(String arg, Map<String, String> vars) {
        if (arg.startsWith(":")
                && arg.substring(1).matches(VARIABLE)
                && vars.containsKey(arg.substring(1))) {
            return vars.get(arg.substring(1));
        }
        return arg;
    }

    private static String value(Map<String, String> vars, String name, String where) {
        String v = vars.get(name);
        if (v == null) {
            throw ApplyException.usage(
                    where
                            + ": the script needs psql variable "
                            + name
                            + ", which is not set"
                            + (name.endsWith("_conninfo")
                                    ? " (give --"
                                            + name.replace("_conninfo", "")
                                            + "-url or --plan)"
                                    : ""));
        }
        return v;
    }
}
