package dev.lrplan.render;

import dev.lrplan.compile.Compiler;
import dev.lrplan.compile.step.Step;
import java.util.Locale;
import java.util.Map;

/**
 * REVIEW.md's "The scripts": every step's purpose, preconditions, undo and SQL, each in a collapsed
 * block, so a reviewer can approve without opening another file. A script longer than {@link
 * #MAX_LINES} lines (thousands of tables) is shown up to there, with where the rest is.
 */
final class Scripts {
    static final int MAX_LINES = 300;

    private Scripts() {}

    static void append(StringBuilder b, Compiler.Compiled compiled, Map<String, String> files) {
        b.append("## The scripts\n\n");
        for (Step s : compiled.steps()) {
            String sql = files.get(s.fileName());
            b.append("<details><summary><b>")
                    .append(s.number())
                    .append(' ')
                    .append(html(s.name()))
                    .append("</b> (")
                    .append(s.cluster().name().toLowerCase(Locale.ROOT))
                    .append("): ")
                    .append(html(s.purpose()))
                    .append("</summary>\n\n");
            b.append("File `").append(s.fileName()).append("`. ");
            if (!s.preconditions().isEmpty()) {
                b.append("Needs: ")
                        .append(Review.cell(String.join("; ", s.preconditions())))
                        .append(". ");
            }
            b.append("Undo: ").append(Review.cell(s.undo())).append(".\n\n");
            if (sql != null) {
                // The lines are counted, not split: a script of 10,000 tables has 100,000 of them.
                int lines = 1;
                int cut = -1;
                for (int nl = sql.indexOf('\n'); nl >= 0; nl = sql.indexOf('\n', nl + 1)) {
                    lines++;
                    if (lines == MAX_LINES + 1) {
                        cut = nl + 1;
                    }
                }
                // Every line shown ends with a newline, the empty one after the script's last too.
                String body = lines <= MAX_LINES ? sql + "\n" : sql.substring(0, cut);
                String fence = "`".repeat(Math.max(3, longestBacktickRun(body) + 1));
                b.append(fence).append("sql\n").append(body);
                if (body.length() > 0 && body.charAt(body.length() - 1) != '\n') {
                    b.append('\n');
                }
                b.append(fence).append('\n');
                if (lines > MAX_LINES) {
                    b.append("\n… ")
                            .append(lines - MAX_LINES)
                            .append(" more lines in `")
                            .append(s.fileName())
                            .append("`.\n");
                }
            }
            b.append("\n</details>\n\n");
        }
    }

    private static int longestBacktickRun(CharSequence s) {
        int best = 0;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            run = s.charAt(i) == '`' ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }

    /** Text inside HTML (the summary line): &, < and > escaped, one line. */
    static String html(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\r", " ")
                .replace("\n", " ");
    }
}
