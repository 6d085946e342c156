package dev.lrplan.apply;

import dev.lrplan.catalog.ServerInfo;
import dev.lrplan.contract.Cluster;
import dev.lrplan.contract.Manifest.Identity;
import dev.lrplan.db.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Before anything runs: each connection must reach the cluster the manifest names (major, database,
 * system id).
 */
final class ClusterCheck {
    private ClusterCheck() {}

    static void verify(Cluster which, Identity expected, Connection c, String describe) {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(ApplyQueries.sql("cluster_identity.sql"))) {
            rs.next();
            int num = rs.getInt(1);
            int major = ServerInfo.majorOf(num);
            int expectedMajor = expected.major();
            String where = "the " + which.label() + " connection (" + describe + ")";
            if (major != expectedMajor) {
                throw ApplyException.refused(
                        where
                                + " reaches PostgreSQL "
                                + ServerInfo.majorLabel(major)
                                + ", but the folder was compiled for a "
                                + which.label()
                                + " on PostgreSQL "
                                + ServerInfo.majorLabel(expectedMajor)
                                + "; check --"
                                + which.label()
                                + "-url");
            }
            if (expected.database() != null && !expected.database().equals(rs.getString(2))) {
                throw ApplyException.refused(
                        where
                                + " reaches database "
                                + rs.getString(2)
                                + ", but the folder was"
                                + " compiled for database "
                                + expected.database()
                                + "; check --"
                                + which.label()
                                + "-url");
            }
            if (expected.systemIdentifier() != null
                    && !expected.systemIdentifier().equals(rs.getString(3))) {
                throw ApplyException.refused(
                        where
                                + " reaches the cluster with system identifier "
                                + rs.getString(3)
                                + ", but the folder was compiled for "
                                + expected.systemIdentifier()
                                + " (another cluster, or one rebuilt since compile); check --"
                                + which.label()
                                + "-url");
            }
        } catch (SQLException e) {
            throw Database.failure("cannot check the " + which.label() + " cluster", e);
        }
    }
}
