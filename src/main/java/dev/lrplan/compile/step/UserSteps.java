package dev.lrplan.compile.step;

import dev.lrplan.plan.Plan;
import dev.lrplan.sql.CommentText;
import dev.lrplan.sql.Fragment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The plan's own scripts, each a step right after the step it names, included verbatim. */
final class UserSteps {
    private UserSteps() {}

    static void add(StepList steps, Plan plan, Set<Plan.ExtraStep> placed, String after) {
        for (Plan.ExtraStep e : plan.extraSteps()) {
            if (!e.after().equals(after)) {
                continue;
            }
            placed.add(e);
            String base =
                    e.file()
                            .getFileName()
                            .toString()
                            .replaceAll("\\.sql$", "")
                            .toLowerCase(Locale.ROOT)
                            .replaceAll("[^a-z0-9]+", "-")
                            .replaceAll("^-|-$", "");
            String content;
            try {
                content = Files.readString(e.file(), StandardCharsets.UTF_8);
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read extra step " + e.file(), ex);
            }
            steps.add(
                    new StepSpec(
                            // After a step of the way back, it is one too: run only with
                            // --going-back, skipped with the others when the window closes.
                            (after.startsWith("back-") ? "back-user-" : "user-")
                                    + (base.isEmpty() ? "step" : base),
                            e.cluster(),
                            Step.Phase.USER,
                            wrappedInTransaction(content),
                            Step.LockRisk.CATALOG,
                            "The plan's own script "
                                    + e.file().getFileName()
                                    + ", included verbatim.",
                            List.of("step " + after + " has run"),
                            "as the script's author describes",
                            "user-step"),
                    Model.of()
                            .put("planFile", CommentText.of(planRelative(plan, e.file())))
                            .put("content", Fragment.verbatim(content))
                            .build());
        }
    }

    /**
     * Whether the script is one transaction of its own: its first statement BEGIN, its last COMMIT.
     */
    private static boolean wrappedInTransaction(String script) {
        List<String> words =
                dev.lrplan.sql.StatementSplitter.split(script).stream()
                        .filter(st -> !st.metaCommand())
                        .map(st -> st.text().strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT))
                        .toList();
        return words.size() >= 2
                && (words.get(0).equals("begin") || words.get(0).equals("start"))
                && (words.get(words.size() - 1).equals("commit")
                        || words.get(words.size() - 1).equals("end"));
    }

    /** A user step's file as the plan names it, relative to the plan's folder. */
    private static String planRelative(Plan plan, java.nio.file.Path file) {
        java.nio.file.Path base = plan.file().toAbsolutePath().getParent();
        java.nio.file.Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(base)
                ? base.relativize(abs).toString()
                : file.getFileName().toString();
    }
}
