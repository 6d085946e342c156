package dev.lrplan.rehearse;

import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.diag.Diagnostic;
import dev.lrplan.sql.Ident;
import dev.lrplan.sql.Lexer;
import dev.lrplan.sql.Statement;
import dev.lrplan.sql.StatementSplitter;
import dev.lrplan.sql.Token;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * A schema file ({@code pg_dump -s} output, or any SQL script) run on a rehearsal database one
 * statement at a time, split by the same splitter the compiler's reader uses. Nothing is dropped
 * silently: a statement the server refuses is recorded with its file position and the server's
 * message, and with the table it concerns, so the rehearsal can say which tables a missing
 * extension (PostGIS on the embedded binaries) takes away. The roles the file gives objects to
 * ({@code OWNER TO}, {@code GRANT … TO}) are created first, without login, so ownership is as in
 * production.
 */
final class SchemaLoad {
    /** A statement the server refused. */
    record Refused(Diagnostic where, String kind, QualifiedName table, String extension) {}

    /**
     * @param statements statements run
     * @param refused the statements refused, in file order
     * @param metaCommands psql meta-commands skipped ({@code \connect}, {@code \restrict}, …)
     * @param roles roles created for the file
     */
    record Result(int statements, List<Refused> refused, int metaCommands, Set<String> roles) {
        /** Tables whose CREATE or a later ALTER / INDEX / TRIGGER on them failed. */
        Set<QualifiedName> affectedTables() {
            Set<QualifiedName> out = new TreeSet<>();
            refused.stream().filter(r -> r.table() != null).forEach(r -> out.add(r.table()));
            return out;
        }

        Set<String> missingExtensions() {
            Set<String> out = new TreeSet<>();
            refused.stream()
                    .filter(r -> r.extension() != null)
                    .forEach(r -> out.add(r.extension()));
            return out;
        }
    }

    private SchemaLoad() {}

    static Result run(Connection c, String sql, String file) throws SQLException {
        List<Statement> statements = StatementSplitter.split(sql);
        Set<String> roles = roles(statements);
        for (String role : roles) {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute(
                        "DO $lrplan$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE"
                                + " rolname = "
                                + dev.lrplan.sql.Literal.of(role).sql()
                                + ") THEN CREATE ROLE "
                                + Ident.of(role).sql()
                                + " NOLOGIN; END IF; END $lrplan$");
            }
        }
        List<Refused> refused = new ArrayList<>();
        int run = 0;
        int meta = 0;
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try {
            for (Statement s : statements) {
                if (s.metaCommand()) {
                    meta++;
                    continue;
                }
                run++;
                try {
                    if (s.copyData() != null) {
                        new CopyManager(c.unwrap(BaseConnection.class))
                                .copyIn(s.text(), new StringReader(s.copyData()));
                    } else {
                        try (java.sql.Statement st = c.createStatement()) {
                            st.execute(s.text());
                        }
                    }
                } catch (SQLException | IOException e) {
                    refused.add(refusal(s, file, e.getMessage()));
                }
            }
        } finally {
            c.setAutoCommit(auto);
        }
        return new Result(run, refused, meta, roles);
    }

    private static Refused refusal(Statement s, String file, String message) {
        List<Token> t = Lexer.tokens(s.text());
        String kind = kind(t);
        QualifiedName table = null;
        String extension = null;
        int at = -1;
        if (starts(t, "create", "extension")) {
            int i = 2;
            if (starts(t.subList(i, t.size()), "if", "not", "exists")) {
                i += 3;
            }
            extension = i < t.size() ? unquote(t.get(i)) : null;
        } else if (starts(t, "create", "table")
                || starts(t, "create", "unlogged", "table")
                || starts(t, "alter", "table")) {
            at = indexOf(t, "table") + 1;
        } else if (starts(t, "create", "index")
                || starts(t, "create", "unique", "index")
                || starts(t, "create", "trigger")
                || starts(t, "create", "constraint", "trigger")) {
            at = indexOf(t, "on") + 1;
        }
        if (at > 0) {
            while (at < t.size()
                    && (t.get(at).is("only")
                            || t.get(at).is("if")
                            || t.get(at).is("not")
                            || t.get(at).is("exists"))) {
                at++;
            }
            table = name(t, at);
        }
        String first = message == null ? "" : message.lines().findFirst().orElse("");
        return new Refused(
                new Diagnostic(file, s.line(), s.column(), first), kind, table, extension);
    }

    private static QualifiedName name(List<Token> t, int i) {
        if (i >= t.size() || !t.get(i).isIdentifier()) {
            return null;
        }
        String a = unquote(t.get(i));
        if (i + 2 < t.size()
                && t.get(i + 1).kind() == Token.Kind.SYMBOL
                && t.get(i + 1).text().equals(".")
                && t.get(i + 2).isIdentifier()) {
            return new QualifiedName(a, unquote(t.get(i + 2)));
        }
        return new QualifiedName("public", a);
    }

    private static int indexOf(List<Token> t, String word) {
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).is(word)) {
                return i;
            }
        }
        return -2;
    }

    private static boolean starts(List<Token> t, String... words) {
        if (t.size() < words.length) {
            return false;
        }
        for (int i = 0; i < words.length; i++) {
            if (!t.get(i).is(words[i])) {
                return false;
            }
        }
        return true;
    }

    /** The statement's kind: CREATE TABLE, ALTER TABLE, CREATE UNIQUE INDEX, SELECT. */
    private static String kind(List<Token> t) {
        Set<String> qualifiers =
                Set.of(
                        "unique",
                        "unlogged",
                        "materialized",
                        "or",
                        "default",
                        "constraint",
                        "event",
                        "foreign",
                        "text",
                        "temporary",
                        "temp",
                        "recursive",
                        "trusted",
                        "procedural");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < t.size() && t.get(i).kind() == Token.Kind.WORD; i++) {
            String w = t.get(i).text().toLowerCase(Locale.ROOT);
            b.append(i == 0 ? "" : " ").append(w.toUpperCase(Locale.ROOT));
            if (i >= 1 && !qualifiers.contains(w) && !(i == 2 && w.equals("replace"))) {
                break;
            }
        }
        return b.toString();
    }

    /** The roles the file hands objects or privileges to. */
    private static Set<String> roles(List<Statement> statements) {
        Set<String> roles = new TreeSet<>();
        for (Statement s : statements) {
            if (s.metaCommand()) {
                continue;
            }
            String lower = s.text().toLowerCase(Locale.ROOT);
            if (!lower.contains("owner to") && !lower.startsWith("grant")) {
                continue;
            }
            List<Token> t = Lexer.tokens(s.text());
            for (int i = 0; i + 1 < t.size(); i++) {
                boolean owner = t.get(i).is("owner") && t.get(i + 1).is("to");
                boolean grantee = t.get(0).is("grant") && t.get(i).is("to");
                if (owner && i + 2 < t.size()) {
                    role(t.get(i + 2)).ifPresent(roles::add);
                } else if (grantee && !owner) {
                    for (int j = i + 1; j < t.size(); j++) {
                        Token r = t.get(j);
                        if (r.is("with") || r.is("granted")) {
                            break;
                        }
                        role(r).ifPresent(roles::add);
                    }
                }
            }
        }
        return roles;
    }

    private static java.util.Optional<String> role(Token t) {
        if (!t.isIdentifier()) {
            return java.util.Optional.empty();
        }
        if (t.kind() == Token.Kind.WORD
                && Set.of("public", "current_user", "session_user", "current_role", "group")
                        .contains(t.text().toLowerCase(Locale.ROOT))) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(unquote(t));
    }

    /** The lexer hands quoted identifiers over without their quotes; words fold to lower case. */
    private static String unquote(Token t) {
        return t.kind() == Token.Kind.QUOTED_IDENT ? t.text() : t.text().toLowerCase(Locale.ROOT);
    }
}
