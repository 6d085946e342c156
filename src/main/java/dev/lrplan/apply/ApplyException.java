package dev.lrplan.apply;

/**
 * Why apply stopped: refused before running (integrity, wrong cluster, concurrent apply), a usage
 * error, or a failure.
 */
public final class ApplyException extends RuntimeException {
    /** What kind of stop: the CLI maps each to an exit code. */
    public enum Kind {
        REFUSED,
        USAGE,
        FAILED
    }

    private final Kind kind;

    private ApplyException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public static ApplyException refused(String message) {
        return new ApplyException(Kind.REFUSED, message, null);
    }

    public static ApplyException usage(String message) {
        return new ApplyException(Kind.USAGE, message, null);
    }

    public static ApplyException failed(String message, Throwable cause) {
        return new ApplyException(Kind.FAILED, message, cause);
    }

    public Kind kind() {
        return kind;
    }
}
