package dev.lrplan.apply;

import dev.lrplan.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;

/**
 * One range, source to target: {@code COPY … TO STDOUT} on the snapshot session streamed into
 * {@code COPY … FROM STDIN} on the target, with no file between, in binary where every column's
 * type is the same built-in type on both sides and in text otherwise. The target side runs with
 * {@code session_replication_role = replica}, as the subscription's apply worker does: foreign keys
 * and ordinary triggers do not fire, lrplan's ENABLE ALWAYS rename triggers do. The range's ledger
 * row is marked in the same target transaction.
 */
final class RangeCopy {
    record Result(long rows, long bytes) {}

    private static final int BUFFER = 1 << 16;

    private final Connection source;
    private final Connection target;
    private final String plan;
    private final CopyManager out;
    private final CopyManager in;

    RangeCopy(Connection source, Connection target, String plan) throws SQLException {
        this.source = source;
        this.target = target;
        this.plan = plan;
        this.out = source.unwrap(PGConnection.class).getCopyAPI();
        this.in = target.unwrap(PGConnection.class).getCopyAPI();
        // For the whole session, as the subscription's apply worker runs: foreign keys and
        // ordinary triggers do not fire, ENABLE ALWAYS triggers (lrplan's renames) do.
        try (Statement st = target.createStatement()) {
            st.execute("SET session_replication_role = replica");
        }
        target.commit();
    }

    Result copy(CopyTables.Info t, CopyLedger.Range r, CopyProgress progress) throws SQLException {
        String columns = t.columns().stream().map(Sql::ident).collect(Collectors.joining(", "));
        String format = r.binary() ? " (FORMAT binary)" : "";
        // A partitioned table (published through its root) is read with a query: COPY refuses
        // one by name, and ONLY would see none of its partitions' rows.
        String read =
                r.predicate() == null && !t.partitioned()
                        ? "COPY " + t.relation() + " (" + columns + ") TO STDOUT" + format
                        : t.partitioned()
                                ? "COPY (SELECT "
                                        + columns
                                        + " FROM "
                                        + t.relation()
                                        + ") TO STDOUT"
                                        + format
                                : "COPY (SELECT "
                                        + columns
                                        + " FROM ONLY "
                                        + t.relation()
                                        + " WHERE "
                                        + r.predicate()
                                        + ") TO STDOUT"
                                        + format;
        String write = "COPY " + t.relation() + " (" + columns + ") FROM STDIN" + format;
        try {
            CopyIn sink = in.copyIn(write);
            long bytes = 0;
            long rows;
            try {
                CopyOut src = out.copyOut(read);
                byte[] buf = new byte[BUFFER];
                int used = 0;
                byte[] row;
                while ((row = src.readFromCopy()) != null) {
                    if (used + row.length > buf.length) {
                        if (used > 0) {
                            sink.writeToCopy(buf, 0, used);
                            used = 0;
                        }
                        if (row.length > buf.length) {
                            sink.writeToCopy(row, 0, row.length);
                            bytes += row.length;
                            progress.moved(row.length, 1);
                            continue;
                        }
                    }
                    System.arraycopy(row, 0, buf, used, row.length);
                    used += row.length;
                    bytes += row.length;
                    progress.moved(row.length, 1);
                }
                if (used > 0) {
                    sink.writeToCopy(buf, 0, used);
                }
                rows = src.getHandledRowCount();
                sink.endCopy();
            } catch (SQLException e) {
                if (sink.isActive()) {
                    sink.cancelCopy();
                }
                throw e;
            }
            CopyLedger.finish(target, plan, r, rows, bytes);
            target.commit();
            return new Result(rows, bytes);
        } catch (SQLException e) {
            target.rollback();
            throw new SQLException(
                    "range "
                            + r.number()
                            + " of "
                            + Sql.printable(t.relation())
                            + ": "
                            + e.getMessage(),
                    e.getSQLState(),
                    e);
        }
    }
}
