package dev.lrplan.render;

import dev.lrplan.compile.step.Step;

/**
 * What a step reads or writes in bulk, for REVIEW.md's locks column: a step whose locks are only
 * the catalog's can still scan every table (verify-data, the data checks), and that is what a
 * reviewer weighs inside the write pause. By the step's name, and for the steps whose work depends
 * on the plan, by the flags of its model.
 */
final class StepIo {
    private StepIo() {}

    static String of(Step s) {
        return switch (s.name()) {
            case "data-checks" ->
                    Boolean.TRUE.equals(s.model().get("empty"))
                            ? "none"
                            : "reads each checked table once";
            case "verify-data" -> "reads every replicated table on both clusters";
            case "rollback-publication" ->
                    Boolean.TRUE.equals(s.model().get("hasChecks"))
                            ? "reads tables whose old columns are narrower"
                            : "none";
            case "rollback-prepare" -> "rewrites each table whose type it widens";
            case "switchover-prepare" ->
                    "ANALYZE samples every table; refreshes materialized views";
            case "refresh-materialized-views" -> "rebuilds each materialized view";
            case "restore-not-null" -> "reads each filled table";
            case "build-indexes" -> "reads each table to build its indexes";
            case "copy-data" -> "reads every table on the source, writes it on the target";
            case "enable-subscription" ->
                    "starts streaming, and the initial copy where copy_data is on";
            case "merge-target-rows" -> "reads the merged tables";
            case "truncate-target" -> "empties the listed tables";
            case "drift-cleanup" ->
                    Boolean.TRUE.equals(s.model().get("empty"))
                            ? "none"
                            : "copies shim columns to lrplan_backup";
            default ->
                    s.name().startsWith("refresh-subscription-")
                                    || s.name().startsWith("synchronize-")
                            ? "starts the initial copy of the stage's tables"
                            : "none";
        };
    }
}
