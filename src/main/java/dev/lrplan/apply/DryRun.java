package dev.lrplan.apply;

import dev.lrplan.contract.Gate;
import dev.lrplan.contract.Manifest.Entry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** apply --dry-run: what would run where, and why, executing nothing. */
final class DryRun {
    private DryRun() {}

    /**
     * Every step with its state in the ledger and what apply would do, up to the first stop: as
     * text, or as one JSON document.
     */
    static void print(
            Folder manifest,
            Holds holds,
            List<Entry> selected,
            Map<Integer, Ledger.Attempt> attempts,
            boolean json,
            PrintWriter out) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Entry e : manifest.steps()) {
            Ledger.Attempt a = attempts.get(e.number());
            String state =
                    a == null
                            ? "pending"
                            : a.succeeded()
                                    ? "succeeded"
                                    : a.skipped()
                                            ? "skipped"
                                            : !a.outcome().equals("failed")
                                                    ? "interrupted"
                                                    : "failed";
            String action =
                    !selected.contains(e)
                            ? "none"
                            : holds.skipped(e)
                                    ? "would-skip"
                                    : holds.message(e) != null ? "would-stop" : "would-run";
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("number", e.number());
            row.put("file", e.file());
            row.put("cluster", e.cluster().label());
            row.put("state", state);
            row.put("finished_at", a == null || !a.succeeded() ? null : a.finishedAt().toString());
            row.put("error", a == null || a.done() ? null : Applier.firstLine(a.error()));
            row.put("action", action);
            row.put("needs", action.equals("would-stop") ? e.hold().option() : null);
            row.put(
                    "waits_for",
                    e.gate() != Gate.NONE && selected.contains(e) ? e.gate().label() : null);
            rows.add(row);
            if (action.equals("would-stop")) {
                break;
            }
        }
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("plan", manifest.planName());
            doc.put("manifest_sha256", manifest.sha256());
            doc.put("dry_run", true);
            doc.put("steps", rows);
            out.println(dev.lrplan.json.Json.write(doc));
        } else {
            out.println("dry run: nothing is executed");
            for (Map<String, Object> row : rows) {
                String state = (String) row.get("state");
                if (row.get("finished_at") != null) {
                    state += " " + row.get("finished_at");
                } else if (state.equals("failed")) {
                    state += ": " + row.get("error");
                }
                String action =
                        switch ((String) row.get("action")) {
                            case "would-stop" -> "would stop here (needs " + row.get("needs") + ")";
                            case "would-run" -> "would run";
                            case "would-skip" -> "would skip (not going back)";
                            default -> "";
                        };
                out.printf(
                        "  %-44s %-7s %-30s %s%s%n",
                        String.format("%02d %s", row.get("number"), row.get("file")),
                        row.get("cluster"),
                        state,
                        action,
                        row.get("waits_for") != null
                                ? ", after waiting for " + row.get("waits_for")
                                : "");
            }
        }
    }
}
