package dev.lrplan.cli;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * The difference between an approved folder and a fresh compile (for --check), as a unified diff
 * with {@code a/} and {@code b/} paths relative to the folder, 3 lines of context: review tools
 * read it, and {@code git apply --directory=APPROVED} (or {@code patch -p1} inside it) brings the
 * approved folder up to the compiled one. Myers' algorithm (java-diff-utils), so a 9 MB script of a
 * 10,000-table plan diffs in linear space.
 */
final class FolderDiff {
    private static final int CONTEXT = 3;

    private FolderDiff() {}

    /** Empty when identical. */
    static String of(SortedMap<String, String> approved, SortedMap<String, String> fresh) {
        StringBuilder out = new StringBuilder();
        TreeSet<String> names = new TreeSet<>(approved.keySet());
        names.addAll(fresh.keySet());
        for (String name : names) {
            String a = approved.get(name);
            String b = fresh.get(name);
            if (a != null && a.equals(b)) {
                continue;
            }
            List<String> from = lines(a);
            List<String> to = lines(b);
            Patch<String> patch = DiffUtils.diff(from, to);
            List<String> unified =
                    UnifiedDiffUtils.generateUnifiedDiff(
                            a == null ? "/dev/null" : "a/" + name,
                            b == null ? "/dev/null" : "b/" + name,
                            from,
                            patch,
                            CONTEXT);
            if (unified.isEmpty()) {
                continue;
            }
            out.append("diff --git a/").append(name).append(" b/").append(name).append('\n');
            if (a == null) {
                out.append("new file mode 100644\n");
            } else if (b == null) {
                out.append("deleted file mode 100644\n");
            }
            for (String line : unified) {
                out.append(line).append('\n');
            }
            if (!noFinalNewline(a, b).isEmpty()) {
                out.append(noFinalNewline(a, b));
            }
        }
        return out.toString();
    }

    /** A file's lines without the final line break that ends its last line. */
    private static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return new ArrayList<>();
        }
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return new ArrayList<>(List.of(body.split("\n", -1)));
    }

    /**
     * Every file lrplan writes ends with a line break; should one not, the diff says so rather than
     * produce a patch that adds one.
     */
    private static String noFinalNewline(String a, String b) {
        boolean missing =
                (a != null && !a.isEmpty() && !a.endsWith("\n"))
                        || (b != null && !b.isEmpty() && !b.endsWith("\n"));
        return missing ? "# note: a file above does not end with a line break\n" : "";
    }
}
