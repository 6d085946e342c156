package dev.lrplan.status;

import java.util.List;

/**
 * One look at a migration in flight, from both clusters: what {@code lrplan status} shows as text
 * or JSON. Fields are null where a cluster cannot say (no slot yet, a version without the
 * statistics view).
 */
public record Status(
        String plan,
        Endpoints clusters,
        String subscription,
        String slot,
        List<TableSync> tables,
        Slot slotLag,
        ApplyLag applyLag,
        Errors errors,
        List<SequenceGap> sequences,
        List<Step> steps,
        Step nextStep,
        Rollback rollback) {

    /** Where each cluster is, as the connection strings name it (never a password). */
    public record Endpoints(String source, String target) {}

    /** A compiled step and where the ledger says it stands. */
    public record Step(int number, String name, String file, String cluster, String state) {
        /** As the folder lists it: {@code 13 13-confirm-final-lsn.source.sql}. */
        public String label() {
            return number + " " + file;
        }
    }

    /** Whether the forward subscription is gone because switchover dropped it as planned. */
    public boolean forwardDone() {
        return steps.stream()
                .anyMatch(
                        s -> s.name().equals("drop-subscription") && s.state().equals("succeeded"));
    }

    /**
     * The rollback path (null when the plan has none): the old cluster's subscription to the new
     * one, its slot's lag on the new cluster, and the rows a widened rename could not carry back.
     */
    public record Rollback(
            String subscription,
            boolean exists,
            String state,
            String problem,
            Long errors,
            Long slotLagBytes,
            List<NotCarried> notCarried) {}

    /** Rows whose value in a renamed, wider column did not reach the old cluster's column. */
    public record NotCarried(String table, String column, long rows) {}

    /** A table's initial sync state on the target ({@code pg_subscription_rel}). */
    public record TableSync(String table, String state) {}

    /** The replication slot on the source. */
    public record Slot(boolean exists, Boolean active, Long lagBytes) {}

    /** What the target's apply worker reports ({@code pg_stat_subscription}). */
    public record ApplyLag(
            boolean running,
            String receivedLsn,
            String latestEndLsn,
            Double secondsSinceLastApply) {}

    /** {@code pg_stat_subscription_stats} (15 and later). */
    public record Errors(long applyErrors, long syncErrors) {}

    /** A sequence on both clusters; {@code ahead} is target minus source. */
    public record SequenceGap(String sequence, Long source, Long target, Long ahead) {}

    /** Sync states by name, as psql's monitoring step shows them. */
    static String state(String code) {
        return switch (code) {
            case "i" -> "initializing";
            case "d" -> "copying";
            case "f" -> "copied";
            case "s" -> "synchronized";
            case "r" -> "ready";
            default -> "unknown (" + code + ")";
        };
    }
}
