package dev.lrplan.contract;

/** The two clusters a step runs on. */
public enum Cluster {
    SOURCE,
    TARGET;

    /** {@code source} or {@code target}, as file names and the manifest spell it. */
    public String label() {
        return Wire.name(this);
    }

    public static Cluster parse(String text) {
        return Wire.parse(Cluster.class, text);
    }
}
