package dev.lrplan.render;

import dev.lrplan.finding.Finding;
import dev.lrplan.finding.FindingGroups;
import java.util.ArrayList;
import java.util.List;

/**
 * REVIEW.md's findings, readable at any size: findings that say the same thing about different
 * subjects (the same severity, code and message once the subject is taken out, e.g. "column …:
 * integer → bigint") are one row when there are {@value #GROUP_FROM} or more of them. The row names
 * the first subjects; a group of more than {@value #INLINE} lists all of its subjects below the
 * table in a collapsed block. {@code diff --format json} keeps every finding.
 */
final class FindingRows {
    static final int GROUP_FROM = FindingGroups.GROUP_FROM;
    static final int INLINE = 6;

    private FindingRows() {}

    static void append(StringBuilder b, List<Finding> findings) {
        List<List<Finding>> listed = new ArrayList<>();
        b.append("| severity | code | subject | finding | remedy |\n|---|---|---|---|---|\n");
        for (List<Finding> g : FindingGroups.of(findings)) {
            List<List<Finding>> rows =
                    g.size() >= GROUP_FROM ? List.of(g) : g.stream().map(List::of).toList();
            for (List<Finding> row : rows) {
                Finding f = row.get(0);
                String subject;
                String message;
                if (row.size() == 1) {
                    subject = f.subject();
                    message = f.message();
                } else {
                    List<String> names = row.stream().map(Finding::subject).toList();
                    subject =
                            row.size()
                                    + " subjects: "
                                    + String.join(
                                            ", ", names.subList(0, Math.min(INLINE, names.size())))
                                    + (names.size() > INLINE
                                            ? ", and "
                                                    + (names.size() - INLINE)
                                                    + " more (listed below)"
                                            : "");
                    message = template(f);
                    if (names.size() > INLINE) {
                        listed.add(row);
                    }
                }
                b.append("| ")
                        .append(f.severity().label())
                        .append(" | ")
                        .append(f.code())
                        .append(' ')
                        .append(f.code().slug())
                        .append(" | ")
                        .append(Review.cell(subject))
                        .append(" | ")
                        .append(Review.cell(message))
                        .append(" | ")
                        .append(Review.cell(f.remedy()))
                        .append(" |\n");
            }
        }
        b.append('\n');
        for (List<Finding> row : listed) {
            Finding f = row.get(0);
            b.append("<details><summary>")
                    .append(f.code())
                    .append(' ')
                    .append(html(template(f)))
                    .append(": ")
                    .append(row.size())
                    .append(" subjects</summary>\n\n");
            for (Finding x : row) {
                b.append("- ").append(html(Review.cell(x.subject()))).append('\n');
            }
            b.append("\n</details>\n\n");
        }
    }

    private static String template(Finding f) {
        return FindingGroups.template(f);
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
