package dev.lrplan.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The WAL position functions of a server: PostgreSQL 10 renamed them ({@code xlog} → {@code wal},
 * {@code location} → {@code lsn}); a pglogical source can be 9.6.
 *
 * @param current the current write position
 * @param insert the current insert position
 * @param diff the difference of two positions in bytes
 */
public record Wal(String current, String insert, String diff) {
    private static final Wal MODERN =
            new Wal("pg_current_wal_lsn", "pg_current_wal_insert_lsn", "pg_wal_lsn_diff");
    private static final Wal BEFORE_10 =
            new Wal(
                    "pg_current_xlog_location",
                    "pg_current_xlog_insert_location",
                    "pg_xlog_location_diff");

    public static Wal of(Connection c) {
        try {
            return c.getMetaData().getDatabaseMajorVersion() >= 10 ? MODERN : BEFORE_10;
        } catch (SQLException e) {
            return MODERN;
        }
    }
}
