package dev.lrplan.status;

import dev.lrplan.apply.Folder;
import dev.lrplan.apply.RollbackGate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rollback path, watched as closely as the forward one: what apply's rollback-lag gate reads
 * (the old cluster's subscription, its errors, its slot's lag on the new cluster), plus the rows
 * whose renamed value was too wide to be copied back ({@code lrplan.rollback_not_carried}).
 */
final class RollbackReader {
    private RollbackReader() {}

    static Status.Rollback read(Folder folder, Connection source, Connection target)
            throws SQLException {
        RollbackGate.State s = RollbackGate.read(folder, source, target);
        List<Status.NotCarried> notCarried = new ArrayList<>();
        boolean view;
        try (PreparedStatement ps =
                        target.prepareStatement(
                                "SELECT to_regclass('lrplan.rollback_not_carried') IS NOT NULL");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            view = rs.getBoolean(1);
        }
        if (view) {
            try (PreparedStatement ps =
                            target.prepareStatement(
                                    "SELECT table_name, column_name, rows FROM lrplan.rollback_not_carried"
                                            + " ORDER BY 1, 2");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    notCarried.add(
                            new Status.NotCarried(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
        }
        return new Status.Rollback(
                folder.rollbackSubscription(),
                !s.gone(),
                s.state(),
                s.problem(),
                s.errors(),
                s.lagBytes(),
                notCarried);
    }
}
