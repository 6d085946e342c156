package dev.lrplan.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What every gate looks at each time it polls, besides its own measure: the subscription exists, is
 * enabled (a subscription with disable_on_error disables itself after an apply error, for example
 * after the publisher restarted), and its workers do not keep failing. A gate stops at once on any
 * of these, with the remedy.
 */
final class SubscriptionHealth {
    private final Folder manifest;
    private final java.util.function.UnaryOperator<String> again;
    private final Connection target;
    private long firstErrors = -1;
    private long downSince = -1;

    /**
     * @param again the command that ran apply, with one more flag: hints that run as printed
     */
    SubscriptionHealth(
            Folder manifest, java.util.function.UnaryOperator<String> again, Connection target) {
        this.manifest = manifest;
        this.again = again;
        this.target = target;
    }

    private ApplyException missing(String gate, String what) {
        return ApplyException.failed(
                "gate '"
                        + gate
                        + "': "
                        + what
                        + " "
                        + manifest.subscription()
                        + " does not exist on the target; run the subscription step first",
                null);
    }

    private void checkPglogical(String gate) throws SQLException {
        try (PreparedStatement ps =
                target.prepareStatement(ApplyQueries.sql("pglogical_status.sql"))) {
            ps.setString(1, manifest.subscription());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw missing(gate, "pglogical subscription");
                }
                String status = rs.getString(1);
                // 'down' also while the apply worker starts, or restarts after an error: only a
                // worker that stays
                // down for half a minute is a failure; a disabled subscription is one at once.
                if (!status.equals("down")) {
                    downSince = -1;
                } else if (downSince < 0) {
                    downSince = System.nanoTime();
                }
                boolean stuck = downSince >= 0 && System.nanoTime() - downSince > 30_000_000_000L;
                if (stuck || status.equals("disabled")) {
                    throw ApplyException.failed(
                            "gate '"
                                    + gate
                                    + "': pglogical subscription "
                                    + manifest.subscription()
                                    + " is "
                                    + status
                                    + " on the target. Look at the target's log for the error; once it is"
                                    + " fixed, SELECT pglogical.alter_subscription_enable('"
                                    + manifest.subscription()
                                    + "') if it is disabled, and run apply again",
                            null);
                }
            }
        }
    }

    void check(String gate) throws SQLException {
        if (manifest.subscription() == null) {
            return;
        }
        if (manifest.strategy().equals("pglogical")) {
            checkPglogical(gate);
            return;
        }
        try (PreparedStatement ps =
                target.prepareStatement(
                        ApplyQueries.sql(
                                "gate_health", Gates.versionNum(target), 100000, 150000))) {
            ps.setString(1, manifest.subscription());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw missing(gate, "subscription");
                }
                if (!rs.getBoolean("enabled")) {
                    throw ApplyException.failed(
                            "gate '"
                                    + gate
                                    + "': subscription "
                                    + manifest.subscription()
                                    + " is disabled on the target"
                                    + (rs.getBoolean("disable_on_error")
                                            ? " (disable_on_error"
                                                    + " disables it after an apply error, for example when the source restarted)"
                                            : "")
                                    + ". Look at the target's log for the error, then resume it with: "
                                    + again.apply("--resume-subscription"),
                            null);
                }
                long errors = rs.getLong("errors");
                if (firstErrors < 0) {
                    firstErrors = errors;
                } else if (errors - firstErrors >= 3) {
                    throw ApplyException.failed(
                            "gate '"
                                    + gate
                                    + "': the workers of subscription "
                                    + manifest.subscription()
                                    + " keep failing ("
                                    + (errors - firstErrors)
                                    + " errors while"
                                    + " waiting, pg_stat_subscription_stats); the target's log names the error. Fix its"
                                    + " cause, then run apply again",
                            null);
                }
            }
        }
    }
}
