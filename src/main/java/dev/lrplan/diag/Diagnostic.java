package dev.lrplan.diag;

import java.util.Objects;

/**
 * A problem found in a user's input, printed as {@code FILE:LINE:COL: error: message} so editors
 * and CI logs can jump to it. Line and column are 1-based; 0 means "the whole file".
 */
public record Diagnostic(String file, int line, int column, String message) {
    public Diagnostic {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("positions are 1-based, or 0 for the whole file");
        }
    }

    public static Diagnostic ofFile(String file, String message) {
        return new Diagnostic(file, 0, 0, message);
    }

    public String render() {
        String where = line == 0 ? file : file + ":" + line + ":" + column;
        return where + ": error: " + message;
    }

    @Override
    public String toString() {
        return render();
    }
}
