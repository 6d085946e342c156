package dev.lrplan.db;

import java.util.Map;

/**
 * libpq's {@code target_session_attrs}, and the pgjdbc {@code targetServerType} that asks the same
 * of a host list. pgjdbc tells a primary from a standby by {@code transaction_read_only}, which is
 * libpq's test for read-write and read-only; libpq's primary and standby (PostgreSQL 14) test
 * {@code in_hot_standby} instead, which differs only on a primary whose
 * default_transaction_read_only is on.
 */
final class TargetSessionAttrs {
    private static final Map<String, String> JDBC =
            Map.of(
                    "any", "any",
                    "read-write", "primary",
                    "primary", "primary",
                    "read-only", "secondary",
                    "standby", "secondary",
                    "prefer-standby", "preferSecondary");

    private TargetSessionAttrs() {}

    static void check(String value) {
        if (value != null && !JDBC.containsKey(value)) {
            throw new IllegalArgumentException(
                    "invalid target_session_attrs value: \""
                            + dev.lrplan.sql.Sql.printable(value)
                            + "\" (libpq takes any, read-write, read-only, primary, standby or"
                            + " prefer-standby)");
        }
    }

    static String jdbc(String value) {
        return JDBC.get(value);
    }
}
