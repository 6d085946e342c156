package dev.lrplan.db;

import dev.lrplan.diag.DatabaseException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Opens connections and turns driver failures into one-line operator messages. */
public final class Database {
    private Database() {}

    public static Connection connect(ConnInfo info) {
        return connect(info, new java.util.Properties());
    }

    /**
     * With driver properties on top of the connection string's, e.g. {@code
     * preferQueryMode=simple}.
     */
    public static Connection connect(ConnInfo info, java.util.Properties extra) {
        try {
            java.util.Properties p = info.jdbcProperties();
            p.putAll(extra);
            Connection c = DriverManager.getConnection(info.jdbcUrl(), p);
            c.setAutoCommit(true);
            return c;
        } catch (SQLException e) {
            throw failure("cannot connect to " + info.describe(), e);
        }
    }

    /** A database failure with the server's own words and, where the SQLSTATE says, the kind. */
    public static DatabaseException failure(String doing, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String kind =
                state.startsWith("28")
                        ? " (authentication failed)"
                        : state.equals("42501")
                                ? " (permission denied)"
                                : state.startsWith("08") ? " (unreachable)" : "";
        String msg =
                e.getMessage() == null
                        ? e.toString()
                        : e.getMessage().lines().findFirst().orElse("");
        return new DatabaseException(
                doing + kind + ": " + msg + (state.isEmpty() ? "" : " [SQLSTATE " + state + "]"),
                e);
    }
}
