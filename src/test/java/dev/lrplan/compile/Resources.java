package dev.lrplan.compile;

/** Class-path text for tests. */
public final class Resources {
    private Resources() {}

    public static String text(String path) {
        return ReferenceCase.resource(path);
    }
}
