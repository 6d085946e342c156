package dev.lrplan.cli;

/** A command was called in a way that cannot work; exit code 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
