package dev.lrplan.catalog.dump;

import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.sql.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A read position over a statement's tokens, with the few reads the schema-file grammar needs. */
final class Cursor {
    private final List<Token> tokens;
    private int pos;

    Cursor(List<Token> tokens) {
        this.tokens = tokens;
    }

    boolean atEnd() {
        return pos >= tokens.size();
    }

    Token peek() {
        return atEnd() ? new Token(Token.Kind.SYMBOL, "") : tokens.get(pos);
    }

    Token next() {
        Token t = peek();
        pos++;
        return t;
    }

    /** Consumes the keywords if they come next, all of them; otherwise consumes nothing. */
    boolean accept(String... keywords) {
        for (int i = 0; i < keywords.length; i++) {
            int at = pos + i;
            if (at >= tokens.size()
                    || !(tokens.get(at).is(keywords[i]) || isSymbol(tokens.get(at), keywords[i]))) {
                return false;
            }
        }
        pos += keywords.length;
        return true;
    }

    private static boolean isSymbol(Token t, String s) {
        return t.kind() == Token.Kind.SYMBOL && t.text().equals(s);
    }

    Optional<String> identifier() {
        return peek().isIdentifier() ? Optional.of(next().text()) : Optional.empty();
    }

    /** A possibly qualified name; an unqualified one is taken to be in {@code defaultSchema}. */
    Optional<QualifiedName> qualifiedName(String defaultSchema) {
        Optional<String> first = identifier();
        if (first.isEmpty()) {
            return Optional.empty();
        }
        if (accept(".")) {
            return identifier().map(second -> new QualifiedName(first.get(), second));
        }
        return Optional.of(new QualifiedName(defaultSchema, first.get()));
    }

    /** A parenthesised, comma-separated list of identifiers. */
    Optional<List<String>> identifierList() {
        if (!accept("(")) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        do {
            Optional<String> id = identifier();
            if (id.isEmpty()) {
                return Optional.empty();
            }
            out.add(id.get());
        } while (accept(","));
        return accept(")") ? Optional.of(out) : Optional.empty();
    }

    Optional<Long> number() {
        if (peek().kind() == Token.Kind.NUMBER) {
            try {
                return Optional.of(Long.parseLong(next().text()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    boolean contains(String keyword) {
        for (int i = pos; i < tokens.size(); i++) {
            if (tokens.get(i).is(keyword)) {
                return true;
            }
        }
        return false;
    }
}
