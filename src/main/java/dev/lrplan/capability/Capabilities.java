package dev.lrplan.capability;

import java.util.List;
import java.util.Optional;

/**
 * Which logical replication features exist on which major version, in one place. An option is
 * emitted only where both ends support it; otherwise the compiler drops it and says why.
 */
public final class Capabilities {
    private static final List<String> BOOL = List.of("true", "false");

    private Capabilities() {}

    /**
     * A subscription option, the values a plan may give it, and the majors it needs on the
     * publisher and the subscriber: the one list of options, which the plan loader checks plans
     * against.
     */
    public enum SubscriptionOption {
        BINARY("binary", List.of("auto", "true", "false"), 14, 14),
        STREAMING("streaming", List.of("on", "off", "parallel"), 14, 14),
        TWO_PHASE("two_phase", BOOL, 15, 15),
        DISABLE_ON_ERROR("disable_on_error", BOOL, 10, 15),
        ORIGIN("origin", List.of("none", "any"), 10, 16),
        PASSWORD_REQUIRED("password_required", BOOL, 10, 16),
        RUN_AS_OWNER("run_as_owner", BOOL, 10, 16),
        FAILOVER("failover", BOOL, 17, 17),
        SYNCHRONOUS_COMMIT(
                "synchronous_commit",
                List.of("on", "off", "local", "remote_write", "remote_apply"),
                10,
                10);

        private final String sqlName;
        private final List<String> values;
        private final int publisher;
        private final int subscriber;

        SubscriptionOption(String sqlName, List<String> values, int publisher, int subscriber) {
            this.sqlName = sqlName;
            this.values = values;
            this.publisher = publisher;
            this.subscriber = subscriber;
        }

        public String sqlName() {
            return sqlName;
        }

        /** The values a plan may give, as the plan writes them. */
        public List<String> allowedValues() {
            return values;
        }

        public static Optional<SubscriptionOption> named(String name) {
            for (SubscriptionOption o : values()) {
                if (o.sqlName.equals(name)) {
                    return Optional.of(o);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Why the option cannot be used between these majors, or empty when it can. {@code value}
     * matters for streaming = parallel (16 on the subscriber).
     */
    /**
     * A value the subscriber takes instead of one it lacks, when there is one: {@code streaming =
     * parallel} (16) falls back to {@code on} on a 14 or 15 subscriber.
     */
    public static Optional<String> fallback(
            SubscriptionOption option, String value, int publisher, int subscriber) {
        if (option == SubscriptionOption.STREAMING
                && "parallel".equals(value)
                && subscriber >= 14
                && subscriber < 16
                && publisher >= 14) {
            return Optional.of("on");
        }
        return Optional.empty();
    }

    public static Optional<String> unsupported(
            SubscriptionOption option, String value, int publisher, int subscriber) {
        if (subscriber < option.subscriber) {
            return Optional.of(
                    option.sqlName
                            + " needs PostgreSQL "
                            + option.subscriber
                            + " on the subscriber, which is "
                            + subscriber);
        }
        if (publisher < option.publisher) {
            return Optional.of(
                    option.sqlName
                            + " needs PostgreSQL "
                            + option.publisher
                            + " on the publisher, which is "
                            + publisher);
        }
        if (option == SubscriptionOption.STREAMING && "parallel".equals(value) && subscriber < 16) {
            return Optional.of(
                    "streaming = parallel needs PostgreSQL 16 on the subscriber, which is "
                            + subscriber);
        }
        return Optional.empty();
    }

    /**
     * publish_via_partition_root: a partitioned table published as one table (13 on the publisher).
     */
    public static boolean publishViaPartitionRoot(int publisher) {
        return publisher >= 13;
    }

    /** Column lists on publications (15 on the publisher). */
    public static boolean columnLists(int publisher) {
        return publisher >= 15;
    }
}
