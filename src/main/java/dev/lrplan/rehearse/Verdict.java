package dev.lrplan.rehearse;

import dev.lrplan.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a rehearsal found, for the ticket: every phase ok, failed or skipped with its time and what
 * it saw; the write pause; rows moved; what the plan's own checks caught; what the rehearsal could
 * not carry (statements the embedded servers refused, pgbouncer). Rendered as one screen of text,
 * as {@code rehearsal.md} and as JSON. It passed only if no phase failed.
 */
final class Verdict {
    enum Status {
        OK,
        FAILED,
        SKIPPED
    }

    record Phase(String name, Status status, double seconds, String detail) {}

    final String plan;
    final String source;
    final String target;
    final List<Phase> phases = new ArrayList<>();
    final List<String> caught = new ArrayList<>();
    final List<String> notRehearsed = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    Double pauseSeconds;
    long rowsMoved;
    String folder;

    Verdict(String plan, String source, String target) {
        this.plan = plan;
        this.source = source;
        this.target = target;
    }

    boolean passed() {
        return !phases.isEmpty() && phases.stream().noneMatch(p -> p.status() == Status.FAILED);
    }

    void add(String name, Status status, double seconds, String detail) {
        phases.add(new Phase(name, status, seconds, detail));
    }

    String screen() {
        StringBuilder b = new StringBuilder();
        b.append(
                String.format(
                        "%nrehearsal of %s: PostgreSQL %s -> %s: %s%n",
                        plan, source, target, passed() ? "PASSED" : "FAILED"));
        for (Phase p : phases) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "  %-7s %-14s %7.1f s  %s%n",
                            p.status().name().toLowerCase(Locale.ROOT),
                            p.name(),
                            p.seconds(),
                            shown(p.detail())));
        }
        if (pauseSeconds != null) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "  write pause at switchover: %.3f s (last write on %s -> first on %s)%n",
                            pauseSeconds,
                            source,
                            target));
        }
        b.append(String.format("  rows on the new cluster after switchover: %d%n", rowsMoved));
        list(b, "caught by the plan's checks", caught, "  ");
        list(b, "not rehearsed", notRehearsed, "  ");
        list(b, "problems", problems, "  ");
        if (folder != null) {
            b.append("  compiled folder: ").append(folder).append('\n');
        }
        return b.toString();
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Rehearsal of `").append(plan).append("`\n\n");
        b.append("**")
                .append(passed() ? "Passed" : "Failed")
                .append("**: PostgreSQL ")
                .append(source)
                .append(" → ")
                .append(target)
                .append(", on embedded clusters of those majors.\n\n");
        b.append("| phase | result | time | what it saw |\n|---|---|---|---|\n");
        for (Phase p : phases) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %.1f s | %s |%n",
                            p.name(),
                            p.status().name().toLowerCase(Locale.ROOT),
                            p.seconds(),
                            cell(p.detail())));
        }
        b.append('\n');
        if (pauseSeconds != null) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "Write pause at switchover: **%.3f s**, from the last write the old cluster accepted to"
                                    + " the first the new one accepted.%n%n",
                            pauseSeconds));
        }
        b.append("Rows on the new cluster after switchover: ").append(rowsMoved).append(".\n\n");
        section(b, "Caught by the plan's checks", caught);
        section(b, "Not rehearsed", notRehearsed);
        section(b, "Problems", problems);
        return b.toString();
    }

    String json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plan", plan);
        m.put("source", source);
        m.put("target", target);
        m.put("passed", passed());
        List<Map<String, Object>> ps = new ArrayList<>();
        for (Phase p : phases) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", p.name());
            x.put("status", p.status().name().toLowerCase(Locale.ROOT));
            x.put("seconds", Math.round(p.seconds() * 1000) / 1000.0);
            x.put("detail", p.detail());
            ps.add(x);
        }
        m.put("phases", ps);
        m.put("write_pause_seconds", pauseSeconds);
        m.put("rows_moved", rowsMoved);
        m.put("caught", caught);
        m.put("not_rehearsed", notRehearsed);
        m.put("problems", problems);
        m.put("folder", folder);
        return Json.write(m);
    }

    private static void list(StringBuilder b, String title, List<String> items, String indent) {
        if (items.isEmpty()) {
            return;
        }
        b.append(indent).append(title).append(":\n");
        items.forEach(i -> b.append(indent).append("  - ").append(shown(i)).append('\n'));
    }

    private static void section(StringBuilder b, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        b.append("## ").append(title).append("\n\n");
        items.forEach(i -> b.append("- ").append(cell(i)).append('\n'));
        b.append('\n');
    }

    /**
     * Text for a terminal: names from the user's schema may hold line breaks or escape sequences,
     * shown escaped, never acted on.
     */
    static String shown(String s) {
        return dev.lrplan.sql.Sql.printable(s);
    }

    /** Text for a Markdown table cell or list item: one line, pipes and markup escaped. */
    static String cell(String s) {
        return shown(s).replace("\\", "\\\\")
                .replace("|", "\\|")
                .replace("<", "&lt;")
                .replace("`", "\\`")
                .replace("*", "\\*")
                .replace("_", "\\_")
                .replaceAll("[\\r\\n]+", " ");
    }
}
