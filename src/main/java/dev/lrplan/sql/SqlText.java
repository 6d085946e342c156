package dev.lrplan.sql;

/**
 * A piece of SQL text whose kind is known: an identifier, a literal, comment text, a type name, or
 * a fragment composed of those. Templates print nothing else (see {@code render.Templates}), so
 * every name and value that reaches a script has passed through exactly one quoting rule for its
 * place.
 */
public sealed interface SqlText permits Ident, Literal, CommentText, TypeName, Fragment {
    /** The text as it appears in a script. It never holds a raw line break or control character. */
    String sql();
}
