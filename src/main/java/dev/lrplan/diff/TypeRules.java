package dev.lrplan.diff;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies a type change by what the subscriber does with a value: it parses the publisher's text
 * output with the target type's input function. The rules follow PostgreSQL's casts and type
 * modifiers: implicit (widening) casts in pg_cast are safe; assignment casts and narrower typmods
 * need a data check; the rest are incompatible. TypeRulesTest proves each class on real servers.
 */
public final class TypeRules {
    private static final Pattern TYPE =
            Pattern.compile("^(.*?)(?:\\(([0-9, ]+)\\))?( with(?:out)? time zone)?((?:\\[\\])*)$");
    private static final Map<String, Integer> INT_RANK =
            Map.of("smallint", 1, "integer", 2, "bigint", 3);
    private static final Map<String, BigInteger[]> INT_RANGE =
            Map.of(
                    "smallint",
                            new BigInteger[] {
                                BigInteger.valueOf(Short.MIN_VALUE),
                                BigInteger.valueOf(Short.MAX_VALUE)
                            },
                    "integer",
                            new BigInteger[] {
                                BigInteger.valueOf(Integer.MIN_VALUE),
                                BigInteger.valueOf(Integer.MAX_VALUE)
                            },
                    "bigint",
                            new BigInteger[] {
                                BigInteger.valueOf(Long.MIN_VALUE),
                                BigInteger.valueOf(Long.MAX_VALUE)
                            });

    /** Decimal digits the largest value of each integer type needs. */
    private static final Map<String, Integer> INT_DIGITS =
            Map.of("smallint", 5, "integer", 10, "bigint", 19);

    private static final Set<String> UNBOUNDED_TEXT = Set.of("text", "character varying");

    private TypeRules() {}

    record TypeName(String base, List<Integer> mods, int dims) {}

    static TypeName parse(String type) {
        Matcher m = TYPE.matcher(type.strip());
        if (!m.matches()) {
            return new TypeName(type, List.of(), 0);
        }
        String base = m.group(1).strip() + (m.group(3) == null ? "" : m.group(3));
        List<Integer> mods = new ArrayList<>();
        if (m.group(2) != null) {
            for (String p : m.group(2).split(",")) {
                mods.add(Integer.parseInt(p.strip()));
            }
        }
        return new TypeName(base, mods, m.group(4).length() / 2);
    }

    /** Classified pairs: 10,000 tables hold a handful of distinct type changes. */
    private static final java.util.concurrent.ConcurrentHashMap<List<String>, TypeChange>
            CLASSIFIED = new java.util.concurrent.ConcurrentHashMap<>();

    public static TypeChange classify(String from, String to) {
        if (from.equals(to)) {
            return new TypeChange(TypeChange.Kind.IDENTICAL, from, to, null, "same type");
        }
        // get, then put: classifying an array type classifies its element type first.
        List<String> key = List.of(from, to);
        TypeChange known = CLASSIFIED.get(key);
        if (known == null) {
            known = classifyNew(from, to);
            CLASSIFIED.putIfAbsent(key, known);
        }
        return known;
    }

    private static TypeChange classifyNew(String from, String to) {
        if (from.equals(to)) {
            return new TypeChange(TypeChange.Kind.IDENTICAL, from, to, null, "same type");
        }
        TypeName a = parse(from);
        TypeName b = parse(to);
        if (a.dims() != b.dims()) {
            return incompatible(from, to, "array dimensions differ");
        }
        if (a.dims() > 0) {
            TypeChange element = classify(strip(from), strip(to));
            return element.kind() == TypeChange.Kind.SAFE
                            || element.kind() == TypeChange.Kind.IDENTICAL
                    ? safe(from, to, "array of " + element.reason())
                    : incompatible(
                            from,
                            to,
                            "array elements would need a check (" + element.reason() + ")");
        }
        return scalar(from, to, a, b);
    }

    private static String strip(String arrayType) {
        return arrayType.replaceAll("(\\[\\])+$", "");
    }

    private static TypeChange scalar(String from, String to, TypeName a, TypeName b) {
        String fa = a.base();
        String fb = b.base();
        if (INT_RANK.containsKey(fa) && INT_RANK.containsKey(fb)) {
            if (INT_RANK.get(fb) >= INT_RANK.get(fa)) {
                return safe(from, to, fa + " widens to " + fb + " (implicit cast)");
            }
            BigInteger[] r = INT_RANGE.get(fb);
            return check(
                    from,
                    to,
                    "%1$s NOT BETWEEN " + r[0] + " AND " + r[1],
                    fb + " cannot hold every " + fa + " value: values outside its range fail");
        }
        if (INT_RANK.containsKey(fa) && fb.equals("numeric")) {
            if (b.mods().isEmpty()) {
                return safe(from, to, fa + " widens to numeric (implicit cast)");
            }
            int intDigits = b.mods().get(0) - (b.mods().size() > 1 ? b.mods().get(1) : 0);
            if (intDigits >= INT_DIGITS.get(fa)) {
                return safe(from, to, to + " holds every " + fa + " value");
            }
            return check(
                    from,
                    to,
                    "abs(%1$s::numeric) >= 1e" + intDigits,
                    to + " holds at most " + intDigits + " integer digits");
        }
        if (INT_RANK.containsKey(fa) && (fb.equals("double precision") || fb.equals("real"))) {
            long exact = fb.equals("real") ? 1L << 24 : 1L << 53;
            if (fa.equals("smallint") || (fa.equals("integer") && fb.equals("double precision"))) {
                return safe(from, to, fa + " converts exactly to " + fb + " (implicit cast)");
            }
            return check(
                    from,
                    to,
                    "abs(%1$s::numeric) > " + exact,
                    fb + " represents integers exactly only up to " + exact);
        }
        if (fa.equals("numeric") && fb.equals("numeric")) {
            return numeric(from, to, a, b);
        }
        if (fa.equals("numeric") && INT_RANK.containsKey(fb)) {
            if (a.mods().size() > 1 && a.mods().get(1) > 0) {
                return incompatible(
                        from, to, from + " prints decimals, which " + fb + " does not accept");
            }
            BigInteger[] r = INT_RANGE.get(fb);
            return check(
                    from,
                    to,
                    "%1$s <> trunc(%1$s) OR %1$s NOT BETWEEN " + r[0] + " AND " + r[1],
                    fb + " takes only whole numbers within its range");
        }
        if (fa.equals("real") && fb.equals("double precision")) {
            return safe(from, to, "real widens to double precision (implicit cast)");
        }
        if (fa.equals("double precision") && fb.equals("real")) {
            String inRange =
                    "abs(%1$s) <= 3.4028234e38 AND (%1$s = 0 OR abs(%1$s) >= 1.17549435e-38)";
            return check(
                    from,
                    to,
                    "NOT ("
                            + inRange
                            + ") OR %1$s::text IS DISTINCT FROM (CASE WHEN "
                            + inRange
                            + " THEN %1$s::real::text END)",
                    "real keeps about 6 digits and a smaller range: values would change or fail");
        }
        if (isText(fa) || fa.equals("character")) {
            return textual(from, to, a, b);
        }
        if (UNBOUNDED_TEXT.contains(fb) && b.mods().isEmpty()) {
            return safe(from, to, "text accepts the text form of every " + fa + " value");
        }
        if (fb.equals("character varying") && !b.mods().isEmpty()) {
            return check(
                    from,
                    to,
                    "char_length(%1$s::text) > " + b.mods().get(0),
                    "the text form of some "
                            + fa
                            + " values may exceed "
                            + b.mods().get(0)
                            + " characters");
        }
        if (fa.startsWith("timestamp") && fb.startsWith("timestamp") && !fa.equals(fb)) {
            return new TypeChange(
                    TypeChange.Kind.SETTING,
                    from,
                    to,
                    null,
                    "values are read in the subscriber's TimeZone "
                            + "setting: both clusters must use the same TimeZone, or times shift");
        }
        if (fa.equals(fb) && (fa.startsWith("timestamp") || fa.startsWith("time"))) {
            int pa = a.mods().isEmpty() ? 6 : a.mods().get(0);
            int pb = b.mods().isEmpty() ? 6 : b.mods().get(0);
            return pb >= pa
                    ? safe(from, to, "more fractional-second digits")
                    : check(
                            from,
                            to,
                            "%1$s <> %1$s::" + to,
                            to + " rounds away fractional seconds");
        }
        if (fa.equals("date") && fb.startsWith("timestamp")) {
            return fb.contains("with time zone")
                    ? new TypeChange(
                            TypeChange.Kind.SETTING,
                            from,
                            to,
                            null,
                            "dates become midnight in the subscriber's TimeZone")
                    : safe(from, to, "a date becomes midnight");
        }
        if (fa.startsWith("timestamp") && fb.equals("date")) {
            return check(from, to, "%1$s <> %1$s::date", "date drops the time of day");
        }
        if ((fa.equals("json") && fb.equals("jsonb"))
                || (fa.equals("jsonb") && fb.equals("json"))) {
            return safe(from, to, "json and jsonb read each other's text");
        }
        return incompatible(from, to, "no widening cast from " + from + " to " + to);
    }

    private static TypeChange numeric(String from, String to, TypeName a, TypeName b) {
        if (b.mods().isEmpty()) {
            return safe(from, to, "unconstrained numeric holds every value");
        }
        int pb = b.mods().get(0);
        int sb = b.mods().size() > 1 ? b.mods().get(1) : 0;
        if (!a.mods().isEmpty()) {
            int pa = a.mods().get(0);
            int sa = a.mods().size() > 1 ? a.mods().get(1) : 0;
            if (sb >= sa && pb - sb >= pa - sa) {
                return safe(from, to, to + " is at least as wide as " + from);
            }
        }
        return check(
                from,
                to,
                "%1$s <> round(%1$s, " + sb + ") OR abs(%1$s) >= 1e" + (pb - sb),
                to
                        + " rounds to "
                        + sb
                        + " decimals and holds "
                        + (pb - sb)
                        + " integer digits: values would fail or change");
    }

    private static boolean isText(String base) {
        return UNBOUNDED_TEXT.contains(base) || base.equals("name") || base.equals("citext");
    }

    private static TypeChange textual(String from, String to, TypeName a, TypeName b) {
        String fb = b.base();
        Integer limitA = a.mods().isEmpty() ? null : a.mods().get(0);
        Integer limitB = b.mods().isEmpty() ? null : b.mods().get(0);
        if ((fb.equals("text") || fb.equals("character varying")) && limitB == null) {
            return safe(from, to, fb + " accepts any text");
        }
        if (fb.equals("character varying") || fb.equals("character")) {
            if (limitA != null && limitB >= limitA) {
                return safe(from, to, to + " is at least as long as " + from);
            }
            String length =
                    fb.equals("character")
                            ? "char_length(rtrim(%1$s::text))"
                            : "char_length(%1$s::text)";
            return check(
                    from,
                    to,
                    length + " > " + limitB,
                    to + " holds at most " + limitB + " characters: longer values fail");
        }
        return incompatible(from, to, "no safe conversion from " + from + " to " + to);
    }

    private static TypeChange safe(String from, String to, String reason) {
        return new TypeChange(TypeChange.Kind.SAFE, from, to, null, reason);
    }

    private static TypeChange check(String from, String to, String violation, String reason) {
        return new TypeChange(TypeChange.Kind.CHECK, from, to, violation, reason);
    }

    private static TypeChange incompatible(String from, String to, String reason) {
        return new TypeChange(TypeChange.Kind.INCOMPATIBLE, from, to, null, reason);
    }
}
