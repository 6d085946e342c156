package dev.lrplan.diag;

import java.util.Locale;

/**
 * Sizes as lrplan prints them everywhere a person reads them: PostgreSQL's units ({@code
 * pg_size_pretty}: bytes, kB, MB, GB, TB, powers of 1024), one decimal above bytes. JSON keeps the
 * plain number of bytes.
 */
public final class Units {
    private static final String[] UNITS = {"kB", "MB", "GB", "TB", "PB"};

    private Units() {}

    public static String bytes(long b) {
        if (Math.abs(b) < 1024) {
            return b + " bytes";
        }
        double v = b;
        int u = -1;
        while (Math.abs(v) >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[u]);
    }
}
