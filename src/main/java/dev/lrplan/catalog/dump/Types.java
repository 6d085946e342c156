package dev.lrplan.catalog.dump;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spells a type the way {@code format_type} does, so types read from a schema file compare equal to
 * types read from a live catalog: pg_dump already prints them so, hand-written files may use
 * aliases.
 */
final class Types {
    private static final Map<String, String> ALIASES =
            Map.ofEntries(
                    Map.entry("int", "integer"),
                    Map.entry("int4", "integer"),
                    Map.entry("int8", "bigint"),
                    Map.entry("int2", "smallint"),
                    Map.entry("serial", "integer"),
                    Map.entry("serial4", "integer"),
                    Map.entry("bigserial", "bigint"),
                    Map.entry("serial8", "bigint"),
                    Map.entry("smallserial", "smallint"),
                    Map.entry("serial2", "smallint"),
                    Map.entry("bool", "boolean"),
                    Map.entry("float8", "double precision"),
                    Map.entry("float", "double precision"),
                    Map.entry("float4", "real"),
                    Map.entry("decimal", "numeric"),
                    Map.entry("varchar", "character varying"),
                    Map.entry("char", "character"),
                    Map.entry("timestamptz", "timestamp with time zone"),
                    Map.entry("timestamp", "timestamp without time zone"),
                    Map.entry("timetz", "time with time zone"),
                    Map.entry("time", "time without time zone"),
                    Map.entry("varbit", "bit varying"));
    private static final Pattern TIME_WITH_PRECISION =
            Pattern.compile("^(timestamp|time)\\((\\d+)\\)( with(out)? time zone)?$");

    private Types() {}

    static boolean isSerial(String type) {
        return type.toLowerCase(Locale.ROOT).matches("(big|small)?serial[248]?");
    }

    /**
     * @param arrayDimensions how many [] follow the type
     */
    static String normalize(String type, int arrayDimensions) {
        String t =
                type.strip()
                        .replaceAll("\\s+", " ")
                        .replaceAll(" \\(", "(")
                        .replaceAll(",\\s*", ",");
        if (!t.startsWith("\"") && !t.contains(".")) {
            t = t.toLowerCase(Locale.ROOT);
        }
        String base = t;
        String args = "";
        int paren = t.indexOf('(');
        if (paren > 0 && t.endsWith(")")) {
            base = t.substring(0, paren);
            args = t.substring(paren);
        }
        Matcher m = TIME_WITH_PRECISION.matcher(t);
        if (m.matches()) {
            String zone = m.group(3) == null ? " without time zone" : m.group(3);
            t = m.group(1) + "(" + m.group(2) + ")" + zone;
        } else if (ALIASES.containsKey(base)) {
            t = ALIASES.get(base) + args;
            if (t.equals("character")) {
                t = "character(1)";
            }
        }
        return t + "[]".repeat(Math.max(0, arrayDimensions));
    }
}
