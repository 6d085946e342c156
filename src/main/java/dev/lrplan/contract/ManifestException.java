package dev.lrplan.contract;

/** A manifest that cannot be read or is not what compile writes: apply refuses the folder. */
public final class ManifestException extends RuntimeException {
    public ManifestException(String message) {
        super(message);
    }
}
