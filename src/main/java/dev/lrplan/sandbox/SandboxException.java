package dev.lrplan.sandbox;

/** An embedded server could not be installed, started or stopped. */
public final class SandboxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SandboxException(String message) {
        super(message);
    }
}
