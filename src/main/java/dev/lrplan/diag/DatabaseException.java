package dev.lrplan.diag;

/**
 * A database could not be reached or refused what lrplan asked (connection, authentication,
 * permission). The message is one line meant for an operator, with the server's words in it.
 */
public final class DatabaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
