package dev.lrplan.finding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Findings that say the same thing about different subjects: the same severity, code and message
 * once the subject is taken out (e.g. "column …: integer → bigint"). REVIEW.md gives such a group
 * one row, and compile one line on stderr, from {@value #GROUP_FROM} findings on.
 */
public final class FindingGroups {
    public static final int GROUP_FROM = 3;

    private FindingGroups() {}

    /** The findings in groups, each group in the order of its first finding. */
    public static List<List<Finding>> of(List<Finding> findings) {
        Map<String, List<Finding>> groups = new LinkedHashMap<>();
        for (Finding f : findings) {
            groups.computeIfAbsent(key(f), k -> new ArrayList<>()).add(f);
        }
        return List.copyOf(groups.values());
    }

    /** The message with its subject taken out: what repeats. */
    public static String template(Finding f) {
        return f.subject().isEmpty() ? f.message() : f.message().replace(f.subject(), "…");
    }

    private static String key(Finding f) {
        return f.severity() + "\u0000" + f.code() + "\u0000" + template(f);
    }
}
