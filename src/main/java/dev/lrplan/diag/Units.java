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

    private static final java.util.regex.Pattern SIZE =
            java.util.regex.Pattern.compile("([0-9]{1,13})\\s*(|B|kB|MB|GB|TB)");
    private static final java.util.regex.Pattern DURATION =
            java.util.regex.Pattern.compile("([0-9]{1,9})\\s*(|s|min|h|d)");

    /**
     * A size as PostgreSQL writes one: a number of bytes, or with B, kB, MB, GB or TB (powers of
     * 1024, case as PostgreSQL spells them); empty when the text is not one.
     */
    public static java.util.Optional<Long> parseBytes(String text) {
        java.util.regex.Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            return java.util.Optional.empty();
        }
        int shift =
                Math.max(
                                0,
                                java.util.List.of("", "B", "kB", "MB", "GB", "TB")
                                                .indexOf(m.group(2))
                                        - 1)
                        * 10;
        long n = Long.parseLong(m.group(1));
        if (shift > 0 && n > (Long.MAX_VALUE >> shift)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(n << shift);
    }

    /**
     * A duration in whole seconds: a number of seconds, or with s, min, h or d; empty otherwise.
     */
    public static java.util.Optional<Long> parseSeconds(String text) {
        java.util.regex.Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            return java.util.Optional.empty();
        }
        long k =
                switch (m.group(2)) {
                    case "min" -> 60L;
                    case "h" -> 3600L;
                    case "d" -> 86400L;
                    default -> 1L;
                };
        return java.util.Optional.of(Long.parseLong(m.group(1)) * k);
    }

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
