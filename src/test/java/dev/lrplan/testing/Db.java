package dev.lrplan.testing;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.catalog.Introspector;
import dev.lrplan.sandbox.Cluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** A fresh database in a test cluster, so tests sharing a server never see each other's objects. */
public final class Db {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Cluster cluster;
    private final String name;

    private Db(Cluster cluster, String name) {
        this.cluster = cluster;
        this.name = name;
    }

    public static Db create(Cluster cluster, String prefix) {
        String name =
                prefix.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_")
                        + "_"
                        + COUNTER.incrementAndGet();
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl("postgres"));
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return new Db(cluster, name);
    }

    /**
     * Drops every subscription and replication slot of these databases: the clusters are shared,
     * and a leftover subscription (cluster-wide in pg_subscription) fails later tests.
     */
    public static void dropReplication(Db... dbs) {
        for (Db d : dbs) {
            d.exec(
                    "DO $$ DECLARE s text; BEGIN FOR s IN SELECT subname FROM pg_subscription"
                            + " WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                            + " LOOP EXECUTE format('ALTER SUBSCRIPTION %I DISABLE', s);"
                            + " EXECUTE format('ALTER SUBSCRIPTION %I SET (slot_name = NONE)', s);"
                            + " EXECUTE format('DROP SUBSCRIPTION %I', s); END LOOP; END $$");
        }
        for (Db d : dbs) {
            // A walsender may still hold a slot for a moment after its subscription went.
            d.exec(
                    "DO $$ BEGIN FOR i IN 1..100 LOOP"
                            + " PERFORM pg_terminate_backend(active_pid) FROM pg_replication_slots"
                            + " WHERE database = current_database() AND active_pid IS NOT NULL;"
                            + " EXIT WHEN NOT EXISTS (SELECT FROM pg_replication_slots"
                            + " WHERE database = current_database() AND active);"
                            + " PERFORM pg_sleep(0.1); END LOOP; END $$");
            d.exec(
                    "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                            + " WHERE database = current_database() AND NOT active");
        }
    }

    public String name() {
        return name;
    }

    public Cluster cluster() {
        return cluster;
    }

    public String uri() {
        return cluster.uri(name);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(cluster.jdbcUrl(name));
    }

    public void exec(String sql) {
        try (Connection c = connect();
                Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + name + ": " + e.getMessage(), e);
        }
    }

    public long queryLong(String sql) {
        try (Connection c = connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + name + ": " + e.getMessage(), e);
        }
    }

    public String queryString(String sql) {
        try (Connection c = connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + name + ": " + e.getMessage(), e);
        }
    }

    /** Polls until the query returns true, or fails after the timeout. */
    public void await(String booleanQuery, int seconds, String what) {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < until) {
            if ("t".equals(queryString(booleanQuery))) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
    }

    public Catalog introspect() {
        try (Connection c = connect()) {
            return Introspector.introspect(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
