package dev.lrplan.apply;

import dev.lrplan.sql.Statement;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLWarning;
import org.postgresql.util.ServerErrorMessage;

/**
 * Runs a script on one connection the way {@code psql -X -v ON_ERROR_STOP=1 -f} does: statement by
 * statement in autocommit, so that a script's own BEGIN … COMMIT makes a transaction and
 * CREATE/DROP SUBSCRIPTION run outside one; notices and results are shown; the first error stops
 * the script and rolls back an open transaction.
 */
final class ScriptRunner {
    /**
     * Told how many SQL statements are done each time the connection is outside a transaction block
     * again.
     */
    interface Progress {
        void committed(int statementsDone);

        /**
         * Writes the count on the script's own connection, inside its open transaction, so that a
         * statement and the record of its completion commit together; false when the ledger lives
         * on another cluster.
         */
        default boolean recordInTransaction(Connection c, int statementsDone) throws SQLException {
            return false;
        }

        /** Whether {@link #recordInTransaction} writes on this connection's cluster. */
        default boolean sameCluster() {
            return false;
        }
    }

    private final Connection connection;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> vars;

    ScriptRunner(
            Connection connection, PrintWriter out, PrintWriter err, Map<String, String> vars) {
        this.connection = connection;
        this.out = out;
        this.err = err;
        this.vars = new HashMap<>(vars);
    }

    /**
     * Runs the script, skipping its first {@code skip} SQL statements (they completed in an
     * earlier, interrupted run; meta-commands always run, they only change psql's own settings).
     *
     * @return the rows the queries returned, as unaligned lines
     */
    List<String> run(Script script, int skip, Progress progress) {
        Pass pass = new Pass(script.file(), skip, progress, null);
        pass.run(script.items());
        return pass.end();
    }

    /** Where a script's printed rows go as each statement has run ({@link PrintedSql}). */
    interface Printed {
        void accept(List<String> rows);

        /** Before each statement: throws to stop the script there. */
        void check();
    }

    /**
     * As above, handing each statement's rows to {@code printed} as soon as the statement has run,
     * instead of returning them all at the end.
     */
    void run(Script script, int skip, Progress progress, Printed printed) {
        Pass pass = new Pass(script.file(), skip, progress, printed);
        pass.run(script.items());
        pass.end();
    }

    /**
     * A script that arrives in pieces ({@link PrintedSql}): each piece runs as it comes, as part of
     * one script (psql's variables, settings and {@code \\if} branches go on from one piece to the
     * next); {@link Pass#end} when the last has run.
     */
    Pass inPieces(String file) {
        return new Pass(file, 0, done -> {}, null);
    }

    /** One run of a script: what carries over from one statement to the next. */
    final class Pass {
        private final String file;
        private final int skip;
        private final Progress progress;
        private final Printed printed;
        private final ResultPrinter printer = new ResultPrinter();
        private final List<String> rows = new ArrayList<>();
        private final Conditionals branches;
        private int done;

        private Pass(String file, int skip, Progress progress, Printed printed) {
            this.file = file;
            this.skip = skip;
            this.progress = progress;
            this.printed = printed;
            this.branches = new Conditionals(file);
        }

        /**
         * Runs statements in order. A statement followed by {@code \\gset} needs it in the same
         * piece.
         */
        void run(List<Statement> items) {
            for (int i = 0; i < items.size(); i++) {
                Statement s = items.get(i);
                String where = file + ":" + s.line() + ":" + s.column();
                if (s.metaCommand()) {
                    if (!branches.control(Script.command(s), () -> condition(s, where))
                            && branches.active()) {
                        meta(s, printer, where);
                    }
                    continue;
                }
                boolean gset =
                        i + 1 < items.size()
                                && items.get(i + 1).metaCommand()
                                && Script.command(items.get(i + 1)).equals("gset");
                // A statement in a branch not taken counts as done, so that positions stay the
                // same on a rerun; a \gset query always runs, since it only reads what the branches
                // after it decide on. A statement that only builds this session's state (a SET, a
                // pg_temp function) runs again on a resumed run, which is a new session; it records
                // no progress then.
                boolean again = done < skip && branches.active() && sessionState(s.text());
                boolean run = branches.active() && (done >= skip || gset || again);
                done++;
                if (!run) {
                    i += gset ? 1 : 0;
                    continue;
                }
                if (printed != null) {
                    try {
                        printed.check();
                    } catch (RuntimeException e) {
                        rollbackIfOpen();
                        throw e;
                    }
                }
                String sql = Script.interpolate(s.text(), vars, where);
                int before = rows.size();
                boolean recorded;
                try {
                    recorded =
                            execute(
                                    sql,
                                    s.copyData(),
                                    gset,
                                    rows,
                                    printer,
                                    where,
                                    done,
                                    again ? n -> {} : progress);
                } catch (SQLException e) {
                    rollbackIfOpen();
                    throw ApplyException.failed(where + ": " + describe(e), e);
                }
                i += gset ? 1 : 0;
                if (idle() && !recorded && !again) {
                    progress.committed(done);
                }
                if (printed != null && rows.size() > before) {
                    List<String> these = List.copyOf(rows.subList(before, rows.size()));
                    rows.subList(before, rows.size()).clear();
                    try {
                        printed.accept(these);
                    } catch (RuntimeException e) {
                        rollbackIfOpen();
                        throw e;
                    }
                }
            }
        }

        /**
         * The script's end: its {@code \\if} branches closed, no transaction left open.
         *
         * @return the rows its queries returned (none when they were handed on as they came)
         */
        List<String> end() {
            branches.end();
            if (!idle()) {
                rollbackIfOpen();
                throw ApplyException.failed(
                        file + ": the script ended inside a transaction block; rolled back", null);
            }
            return rows;
        }

        /** Stops here: a transaction the pieces so far opened is rolled back. */
        void abandon() {
            rollbackIfOpen();
        }
    }

    /**
     * Whether a statement only sets this session's state: {@code SET} (not {@code SET LOCAL}, which
     * ends with its transaction) or {@code CREATE OR REPLACE FUNCTION pg_temp.…}.
     */
    static boolean sessionState(String sql) {
        String t = sql.strip();
        while (t.startsWith("--")) {
            int nl = t.indexOf('\n');
            t = nl < 0 ? "" : t.substring(nl + 1).strip();
        }
        t = t.toUpperCase(java.util.Locale.ROOT);
        return (t.startsWith("SET ") && !t.startsWith("SET LOCAL "))
                || t.startsWith("CREATE OR REPLACE FUNCTION PG_TEMP.");
    }

    /**
     * Runs one statement. Where the ledger is on this connection's cluster, the statement and its
     * progress commit together: a statement outside a transaction block runs in one with the
     * progress write (unless PostgreSQL refuses it there, SQLSTATE 25001, as for CREATE
     * SUBSCRIPTION: then it runs alone, and its guard in the script makes a rerun harmless), and a
     * script's own COMMIT carries the progress write before it.
     *
     * @return whether the progress was recorded with the statement
     */
    private boolean execute(
            String sql,
            String copyData,
            boolean gset,
            List<String> rows,
            ResultPrinter printer,
            String where,
            int done,
            Progress progress)
            throws SQLException {
        String first = firstWord(sql);
        boolean idle = idle();
        if (idle
                && progress.sameCluster()
                && !gset
                && !first.equals("begin")
                && !first.equals("start")) {
            plain("BEGIN");
            try {
                send(sql, copyData, false, rows, printer, where);
            } catch (SQLException e) {
                plain("ROLLBACK");
                if (!"25001".equals(e.getSQLState())) {
                    throw e;
                }
                send(sql, copyData, false, rows, printer, where);
                return false;
            }
            if (!progress.recordInTransaction(connection, done)) {
                plain("COMMIT");
                return false;
            }
            plain("COMMIT");
            return true;
        }
        if (!idle
                && (first.equals("commit") || first.equals("end"))
                && progress.recordInTransaction(connection, done)) {
            send(sql, copyData, false, rows, printer, where);
            return true;
        }
        send(sql, copyData, gset, rows, printer, where);
        return false;
    }

    private void send(
            String sql,
            String copyData,
            boolean gset,
            List<String> rows,
            ResultPrinter printer,
            String where)
            throws SQLException {
        if (copyData != null) {
            // COPY … FROM stdin with its data inline, as pg_dump writes it: through the driver's
            // copy protocol.
            try {
                long n =
                        connection
                                .unwrap(org.postgresql.PGConnection.class)
                                .getCopyAPI()
                                .copyIn(sql, new java.io.StringReader(copyData));
                out.println("COPY " + n);
            } catch (java.io.IOException e) {
                throw new SQLException(
                        "COPY data could not be sent: " + e.getMessage(), "08006", e);
            }
            return;
        }
        try (java.sql.Statement st = connection.createStatement()) {
            st.setEscapeProcessing(false);
            boolean isResult = st.execute(sql);
            notices(st.getWarnings());
            while (true) {
                if (isResult) {
                    try (ResultSet rs = st.getResultSet()) {
                        if (gset) {
                            gset(rs, where);
                        } else {
                            rows.addAll(printer.print(rs, out));
                        }
                    }
                } else if (st.getUpdateCount() == -1) {
                    break;
                }
                isResult = st.getMoreResults();
            }
        }
    }

    private void plain(String sql) throws SQLException {
        try (java.sql.Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    private static String firstWord(String sql) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("^\\s*([A-Za-z]+)").matcher(sql);
        return m.find() ? m.group(1).toLowerCase(java.util.Locale.ROOT) : "";
    }

    /** psql's {@code \gset}: one row, each column into the variable of its name. */
    private void gset(ResultSet rs, String where) throws SQLException {
        if (!rs.next()) {
            throw ApplyException.failed(where + ": no rows returned for \\gset", null);
        }
        for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
            String v = rs.getString(c);
            vars.put(rs.getMetaData().getColumnLabel(c), v == null ? "" : v);
        }
        if (rs.next()) {
            throw ApplyException.failed(where + ": more than one row returned for \\gset", null);
        }
    }

    /** The value of an {@code \if} or {@code \elif}: one argument that psql reads as a boolean. */
    private boolean condition(Statement s, String where) {
        List<String> args =
                Script.arguments(s).stream().map(a -> Script.interpolateMeta(a, vars)).toList();
        if (args.size() != 1) {
            throw ApplyException.failed(
                    where + ": \\" + Script.command(s) + " takes one boolean", null);
        }
        return switch (args.get(0).toLowerCase(java.util.Locale.ROOT)) {
            case "t", "tr", "tru", "true", "y", "ye", "yes", "on", "1" -> true;
            case "f", "fa", "fal", "fals", "false", "n", "no", "of", "off", "0" -> false;
            default ->
                    throw ApplyException.failed(
                            where
                                    + ": unrecognized value \""
                                    + args.get(0)
                                    + "\" for \\"
                                    + Script.command(s)
                                    + ": Boolean expected",
                            null);
        };
    }

    private void meta(Statement s, ResultPrinter printer, String where) {
        List<String> args =
                Script.arguments(s).stream().map(a -> Script.interpolateMeta(a, vars)).toList();
        switch (Script.command(s)) {
            case "set" -> {
                if (!args.isEmpty()) {
                    vars.put(args.get(0), String.join("", args.subList(1, args.size())));
                }
            }
            case "echo" -> {
                out.println(dev.lrplan.sql.Sql.printableLines(String.join(" ", args)));
                out.flush();
            }
            case "pset" -> {
                String what = args.isEmpty() ? "" : args.get(0);
                String value = args.size() > 1 ? args.get(1) : null;
                if (what.equals("format")) {
                    printer.unaligned = "unaligned".equals(value);
                } else if (what.equals("tuples_only") || what.equals("t")) {
                    printer.tuplesOnly =
                            value == null
                                    ? !printer.tuplesOnly
                                    : value.equals("on") || value.equals("true");
                }
            }
            case "gset" ->
                    throw ApplyException.failed(where + ": \\gset without a query before it", null);
            default ->
                    throw new IllegalStateException(
                            "unsupported meta-command " + s.text()); // refused by Script.parse
        }
    }

    /** psql's {@code \if} … {@code \elif} … {@code \else} … {@code \endif}, nested. */
    private static final class Conditionals {
        private final String file;

        /**
         * Per open \if: whether its current branch runs, and whether one of its branches already
         * ran.
         */
        private final java.util.ArrayDeque<boolean[]> stack = new java.util.ArrayDeque<>();

        Conditionals(String file) {
            this.file = file;
        }

        boolean active() {
            return stack.stream().allMatch(b -> b[0]);
        }

        /**
         * Handles a branching command and says so; a condition is evaluated only where it matters.
         */
        boolean control(String command, java.util.function.BooleanSupplier condition) {
            switch (command) {
                case "if" -> {
                    boolean run = active() && condition.getAsBoolean();
                    stack.push(new boolean[] {run, run});
                }
                case "elif" -> {
                    boolean[] top = top("elif");
                    boolean outer = stack.stream().skip(1).allMatch(b -> b[0]);
                    top[0] = outer && !top[1] && condition.getAsBoolean();
                    top[1] |= top[0];
                }
                case "else" -> {
                    boolean[] top = top("else");
                    top[0] = !top[1];
                    top[1] = true;
                }
                case "endif" -> {
                    top("endif");
                    stack.pop();
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        private boolean[] top(String command) {
            if (stack.isEmpty()) {
                throw ApplyException.failed(file + ": \\" + command + " without \\if", null);
            }
            return stack.peek();
        }

        void end() {
            if (!stack.isEmpty()) {
                throw ApplyException.failed(file + ": \\if without \\endif", null);
            }
        }
    }

    private void notices(SQLWarning w) {
        for (; w != null; w = w.getNextWarning()) {
            String severity = "WARNING";
            String text = w.getMessage();
            if (w instanceof PSQLWarning pw && pw.getServerErrorMessage() != null) {
                severity = pw.getServerErrorMessage().getSeverity();
                text = pw.getServerErrorMessage().getMessage();
            }
            err.println(severity + ":  " + dev.lrplan.sql.Sql.printableLines(text));
        }
        err.flush();
    }

    /** The server's words: message, then detail and hint as psql shows them, and the SQLSTATE. */
    static String describe(SQLException e) {
        if (e instanceof PSQLException pe && pe.getServerErrorMessage() != null) {
            ServerErrorMessage m = pe.getServerErrorMessage();
            StringBuilder b =
                    new StringBuilder(m.getSeverity() == null ? "ERROR" : m.getSeverity())
                            .append(":  ")
                            .append(m.getMessage());
            if (m.getDetail() != null) {
                b.append("\nDETAIL:  ").append(m.getDetail());
            }
            if (m.getHint() != null) {
                b.append("\nHINT:  ").append(m.getHint());
            }
            return b.append(" [SQLSTATE ").append(m.getSQLState()).append(']').toString();
        }
        return e.getMessage()
                + (e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState() + "]");
    }

    private boolean idle() {
        try {
            return connection.unwrap(BaseConnection.class).getTransactionState()
                    == TransactionState.IDLE;
        } catch (SQLException e) {
            return true;
        }
    }

    private void rollbackIfOpen() {
        if (!idle()) {
            try (java.sql.Statement st = connection.createStatement()) {
                st.execute("ROLLBACK");
            } catch (SQLException ignored) {
                // the connection is gone: the server rolled back
            }
        }
    }
}
