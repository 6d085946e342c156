package dev.lrplan.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits one SQL statement into tokens, following PostgreSQL's rules for quoting and case folding.
 * String constants in all three forms ('…', E'…' with backslash escapes, and $tag$…$tag$) are
 * STRING tokens whose offsets cover the whole constant.
 */
public final class Lexer {
    private Lexer() {}

    public static List<Token> tokens(String sql) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (i < n) {
                    if (sql.charAt(i) == '"') {
                        if (i + 1 < n && sql.charAt(i + 1) == '"') {
                            b.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    b.append(sql.charAt(i++));
                }
                out.add(new Token(Token.Kind.QUOTED_IDENT, b.toString(), start, i));
            } else if ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'') {
                StringBuilder b = new StringBuilder();
                i += 2;
                while (i < n) {
                    char d = sql.charAt(i);
                    if (d == '\\' && i + 1 < n) {
                        b.append(sql.charAt(i + 1));
                        i += 2;
                    } else if (d == '\'' && i + 1 < n && sql.charAt(i + 1) == '\'') {
                        b.append('\'');
                        i += 2;
                    } else if (d == '\'') {
                        i++;
                        break;
                    } else {
                        b.append(d);
                        i++;
                    }
                }
                out.add(new Token(Token.Kind.STRING, b.toString(), start, i));
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int end = sql.indexOf(tag, i + tag.length());
                int bodyEnd = end < 0 ? n : end;
                i = end < 0 ? n : end + tag.length();
                out.add(
                        new Token(
                                Token.Kind.STRING,
                                sql.substring(start + tag.length(), bodyEnd),
                                start,
                                i));
            } else if (c == '\'') {
                StringBuilder b = new StringBuilder();
                i++;
                while (i < n) {
                    if (sql.charAt(i) == '\'') {
                        if (i + 1 < n && sql.charAt(i + 1) == '\'') {
                            b.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    b.append(sql.charAt(i++));
                }
                out.add(new Token(Token.Kind.STRING, b.toString(), start, i));
            } else if (Character.isLetter(c) || c == '_') {
                while (i < n
                        && (Character.isLetterOrDigit(sql.charAt(i))
                                || sql.charAt(i) == '_'
                                || sql.charAt(i) == '$')) {
                    i++;
                }
                out.add(
                        new Token(
                                Token.Kind.WORD,
                                sql.substring(start, i).toLowerCase(Locale.ROOT),
                                start,
                                i));
            } else if (Character.isDigit(c)
                    || (c == '-'
                            && i + 1 < n
                            && Character.isDigit(sql.charAt(i + 1))
                            && (out.isEmpty()
                                    || out.get(out.size() - 1).kind() != Token.Kind.NUMBER))) {
                i++;
                while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token(Token.Kind.NUMBER, sql.substring(start, i), start, i));
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                out.add(new Token(Token.Kind.SYMBOL, "::", i, i + 2));
                i += 2;
            } else {
                out.add(new Token(Token.Kind.SYMBOL, String.valueOf(c), i, i + 1));
                i++;
            }
        }
        return out;
    }

    /**
     * The opening tag of a dollar-quoted constant at {@code i} ({@code $$} or {@code $name$}), or
     * null.
     */
    private static String dollarTag(String sql, int i) {
        int j = i + 1;
        if (j < sql.length() && Character.isDigit(sql.charAt(j))) {
            return null; // $1 is a parameter
        }
        while (j < sql.length()
                && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        return j < sql.length() && sql.charAt(j) == '$' ? sql.substring(i, j + 1) : null;
    }
}
