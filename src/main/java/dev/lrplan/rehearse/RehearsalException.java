package dev.lrplan.rehearse;

/** A rehearsal that cannot start: what is missing, and how to give it. */
public final class RehearsalException extends RuntimeException {
    public RehearsalException(String message) {
        super(message);
    }
}
