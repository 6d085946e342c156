package dev.lrplan.sandbox;

/**
 * A throwaway PostgreSQL server that lrplan started (for the demo and for tests). Closing it stops
 * the server and removes its data.
 */
public interface Cluster extends AutoCloseable {
    /** The major version as PostgreSQL names it: "9.6", "13". */
    String major();

    String host();

    int port();

    /** A superuser name. */
    String user();

    /** A libpq URI for the given database (no password: sandbox clusters trust loopback). */
    default String uri(String database) {
        return "postgresql://" + user() + "@" + host() + ":" + port() + "/" + database;
    }

    /** A JDBC URL for the given database. */
    default String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database + "?user=" + user();
    }

    @Override
    void close();
}
