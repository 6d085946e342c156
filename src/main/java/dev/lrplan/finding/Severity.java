package dev.lrplan.finding;

/** How much a finding matters. Only {@link #ERROR} blocks (exit code 4). */
public enum Severity {
    ERROR,
    WARNING,
    INFO;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
