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
 * Runs a script on one connection the way {@code psql -X -v ON_ERROR_STOP=1 -f} does: statement by statement in
 * autocommit, so that a script's own BEGIN … COMMIT makes a transaction and CREATE/DROP SUBSCRIPTION run outside one;
 * notices and results are shown; the first error stops the script and rolls back an open transaction.
 */
final class ScriptRunner {
    /** Told how many SQL statements are done each time the connection is outside a transaction block again. */
    interface Progress {
        void committed(int statementsDone);
    }

    private final Connection connection;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> vars;

    ScriptRunner(Connection connection, PrintWriter out, PrintWriter err, Map<String, String> vars) {
        this.connection = connection;
        this.out = out;
        this.err = err;
        this.vars = new HashMap<>(vars);
    }

    /**
     * Runs the script, skipping its first {@code skip} SQL statements (they completed in an earlier, interrupted run;
     * meta-commands always run, they only change psql's own settings).
     *
     * @return the rows the queries returned, as unaligned lines
     */
    List<String> run(Script script, int skip, Progress progress) {
        ResultPrinter printer = new ResultPrinter();
        List<String> rows = new ArrayList<>();
        int done = 0;
        for (Statement s : script.items()) {
            String where = script.file() + ":" + s.line() + ":" + s.column();
            if (s.metaCommand()) {
                meta(s, printer);
                continue;
            }
            if (done < skip) {
                done++;
                continue;
            }
            String sql = Script.interpolate(s.text(), vars, where);
            try (java.sql.Statement st = connection.createStatement()) {
                st.setEscapeProcessing(false);
                boolean isResult = st.execute(sql);
                notices(st.getWarnings());
                while (true) {
                    if (isResult) {
                        try (ResultSet rs = st.getResultSet()) {
                            rows.addAll(printer.print(rs, out));
                        }
                    } else if (st.getUpdateCount() == -1) {
                        break;
                    }
                    isResult = st.getMoreResults();
                }
            } catch (SQLException e) {
                rollbackIfOpen();
                throw ApplyException.failed(where + ": " + describe(e), e);
            }
            done++;
            if (idle()) {
                progress.committed(done);
            }
        }
        if (!idle()) {
            rollbackIfOpen();
            throw ApplyException.failed(script.file() + ": the script ended inside a transaction block; rolled back", null);
        }
        return rows;
    }

    private void meta(Statement s, ResultPrinter printer) {
        List<String> args = Script.arguments(s);
        switch (Script.command(s)) {
            case "set" -> {
                if (!args.isEmpty()) {
                    vars.put(args.get(0), String.join("", args.subList(1, args.size())));
                }
            }
            case "echo" -> {
                out.println(String.join(" ", args));
                out.flush();
            }
            case "pset" -> {
                String what = args.isEmpty() ? "" : args.get(0);
                String value = args.size() > 1 ? args.get(1) : null;
                if (what.equals("format")) {
                    printer.unaligned = "unaligned".equals(value);
                } else if (what.equals("tuples_only") || what.equals("t")) {
                    printer.tuplesOnly = value == null ? !printer.tuplesOnly : value.equals("on") || value.equals("true");
                }
            }
            default -> throw new IllegalStateException("unsupported meta-command " + s.text()); // refused by Script.parse
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
            err.println(severity + ":  " + text);
        }
        err.flush();
    }

    /** The server's words: message, then detail and hint as psql shows them, and the SQLSTATE. */
    static String describe(SQLException e) {
        if (e instanceof PSQLException pe && pe.getServerErrorMessage() != null) {
            ServerErrorMessage m = pe.getServerErrorMessage();
            StringBuilder b = new StringBuilder(m.getSeverity() == null ? "ERROR" : m.getSeverity()).append(":  ")
                    .append(m.getMessage());
            if (m.getDetail() != null) {
                b.append("\nDETAIL:  ").append(m.getDetail());
            }
            if (m.getHint() != null) {
                b.append("\nHINT:  ").append(m.getHint());
            }
            return b.append(" [SQLSTATE ").append(m.getSQLState()).append(']').toString();
        }
        return e.getMessage() + (e.getSQLState() == null ? "" : " [SQLSTATE " + e.getSQLState() + "]");
    }

    private boolean idle() {
        try {
            return connection.unwrap(BaseConnection.class).getTransactionState() == TransactionState.IDLE;
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
