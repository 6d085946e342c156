package dev.lrplan.apply;

/**
 * The snapshot copy's and the index builds' settings.
 *
 * @param jobs connections at once
 * @param rangeBytes tables larger than this are copied in ranges
 * @param holdSeconds how long a killed apply's snapshot is kept for a rerun
 */
public record CopySettings(int jobs, long rangeBytes, long holdSeconds) {
    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    public static CopySettings defaults() {
        return new CopySettings(cores(), 64L << 20, 900);
    }
}
