package dev.lrplan.finding;

import java.util.Objects;

/**
 * One fact about a cluster or a plan that an operator must know, with a stable code.
 *
 * @param subject what it is about: a setting, a table's qualified name, "cluster"
 */
public record Finding(Code code, Severity severity, String subject, String message) {
    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
    }

    public String remedy() {
        return code.remedy();
    }

    /** Its fields for a JSON document, in a stable order; every {@code --format json} uses it. */
    public java.util.SortedMap<String, Object> fields() {
        return new java.util.TreeMap<>(
                java.util.Map.of(
                        "code", code.name(),
                        "slug", code.slug(),
                        "severity", severity.label(),
                        "subject", subject,
                        "message", message,
                        "remedy", remedy()));
    }

    public boolean blocks() {
        return severity == Severity.ERROR;
    }
}
