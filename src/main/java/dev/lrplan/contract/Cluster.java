package dev.lrplan.contract;

/**
 * Where a step runs: one of the two clusters, or the admin console of the pgbouncer in front of the
 * application (switchover.pgbouncer).
 */
public enum Cluster {
    SOURCE,
    TARGET,
    PGBOUNCER;

    /** {@code source} or {@code target}, as file names and the manifest spell it. */
    public String label() {
        return Wire.name(this);
    }

    public static Cluster parse(String text) {
        return Wire.parse(Cluster.class, text);
    }
}
