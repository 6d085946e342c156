package dev.lrplan.catalog.dump;

import dev.lrplan.sql.Lexer;
import dev.lrplan.sql.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The exact source text of each column's DEFAULT and GENERATED … AS (…) expression in a CREATE
 * TABLE, which JSqlParser only hands back re-tokenized (and with function names re-cased). pg_dump
 * prints these with {@code pg_get_expr}, so the text compares equal to the live catalog's.
 */
final class RawColumns {
    /** Words that end a DEFAULT expression at the top level of a column definition. */
    private static final Set<String> CLAUSES =
            Set.of(
                    "not",
                    "null",
                    "collate",
                    "constraint",
                    "check",
                    "references",
                    "primary",
                    "unique",
                    "generated");

    private static final Set<String> TABLE_CONSTRAINTS =
            Set.of("constraint", "primary", "unique", "check", "foreign", "exclude", "like");

    record Expressions(String defaultExpr, String generated) {}

    private RawColumns() {}

    static Map<String, Expressions> of(String createTable) {
        List<Token> tokens = Lexer.tokens(createTable);
        Map<String, Expressions> out = new HashMap<>();
        int open = -1;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).text().equals("(") && tokens.get(i).kind() == Token.Kind.SYMBOL) {
                open = i;
                break;
            }
        }
        if (open < 0) {
            return out;
        }
        List<List<Token>> elements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int depth = 0;
        for (int i = open + 1; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (isSymbol(t, "(")) {
                depth++;
            } else if (isSymbol(t, ")")) {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (isSymbol(t, ",") && depth == 0) {
                elements.add(current);
                current = new ArrayList<>();
                continue;
            }
            current.add(t);
        }
        elements.add(current);
        for (List<Token> e : elements) {
            if (e.isEmpty()
                    || !e.get(0).isIdentifier()
                    || (e.get(0).kind() == Token.Kind.WORD
                            && TABLE_CONSTRAINTS.contains(e.get(0).text()))) {
                continue;
            }
            out.put(
                    e.get(0).text(),
                    new Expressions(defaultOf(e, createTable), generatedOf(e, createTable)));
        }
        return out;
    }

    private static String defaultOf(List<Token> e, String src) {
        int depth = 0;
        for (int i = 1; i < e.size(); i++) {
            depth += depthChange(e.get(i));
            if (depth == 0 && e.get(i).is("default") && i + 1 < e.size()) {
                int end = i + 1;
                int d = depthChange(e.get(end));
                end++;
                while (end < e.size()) {
                    Token t = e.get(end);
                    if (d == 0 && t.kind() == Token.Kind.WORD && CLAUSES.contains(t.text())) {
                        break;
                    }
                    d += depthChange(t);
                    end++;
                }
                return src.substring(e.get(i + 1).start(), e.get(end - 1).end()).strip();
            }
        }
        return null;
    }

    private static String generatedOf(List<Token> e, String src) {
        for (int i = 1; i + 3 < e.size(); i++) {
            if (e.get(i).is("generated")
                    && e.get(i + 1).is("always")
                    && e.get(i + 2).is("as")
                    && isSymbol(e.get(i + 3), "(")) {
                int depth = 0;
                for (int j = i + 3; j < e.size(); j++) {
                    depth += depthChange(e.get(j));
                    if (depth == 0) {
                        return src.substring(e.get(i + 3).end(), e.get(j).start()).strip();
                    }
                }
            }
        }
        return null;
    }

    private static int depthChange(Token t) {
        return isSymbol(t, "(") ? 1 : isSymbol(t, ")") ? -1 : 0;
    }

    private static boolean isSymbol(Token t, String s) {
        return t.kind() == Token.Kind.SYMBOL && t.text().equals(s);
    }
}
