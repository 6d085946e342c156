package dev.lrplan.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The type classes, proved on a real PostgreSQL 16 server the way the subscriber applies values:
 * the source value's text output goes through the target type's input function. For every sample
 * value, a SAFE change must convert and keep its text; a CHECK change's violation predicate must be
 * true exactly for the values that fail or change.
 */
class TypeRulesTest {
    record Case(String from, String to, TypeChange.Kind kind, List<String> samples) {}

    static final List<Case> CASES =
            List.of(
                    new Case(
                            "integer",
                            "bigint",
                            TypeChange.Kind.SAFE,
                            List.of("-2147483648", "0", "2147483647")),
                    new Case(
                            "smallint",
                            "integer",
                            TypeChange.Kind.SAFE,
                            List.of("-32768", "32767")),
                    new Case(
                            "bigint",
                            "integer",
                            TypeChange.Kind.CHECK,
                            List.of("1", "2147483647", "2147483648", "-2147483649")),
                    new Case(
                            "integer",
                            "smallint",
                            TypeChange.Kind.CHECK,
                            List.of("32767", "32768")),
                    new Case(
                            "integer",
                            "numeric",
                            TypeChange.Kind.SAFE,
                            List.of("-2147483648", "2147483647")),
                    new Case(
                            "integer",
                            "numeric(12,2)",
                            TypeChange.Kind.SAFE,
                            List.of("-2147483648", "2147483647")),
                    new Case(
                            "bigint",
                            "numeric(12,2)",
                            TypeChange.Kind.CHECK,
                            List.of("1", "9999999999", "10000000000")),
                    new Case(
                            "numeric(10,2)",
                            "numeric(12,2)",
                            TypeChange.Kind.SAFE,
                            List.of("12345678.99", "-0.01")),
                    new Case(
                            "numeric(12,4)",
                            "numeric(12,2)",
                            TypeChange.Kind.CHECK,
                            List.of("1.25", "1.2345", "12345678.9")),
                    new Case(
                            "numeric",
                            "numeric(6,2)",
                            TypeChange.Kind.CHECK,
                            List.of("1", "9999.99", "10000", "0.001")),
                    new Case(
                            "numeric",
                            "integer",
                            TypeChange.Kind.CHECK,
                            List.of("12", "12.5", "3000000000")),
                    new Case(
                            "text",
                            "character varying(5)",
                            TypeChange.Kind.CHECK,
                            List.of("", "abcde", "abcdef", "ünïcö")),
                    new Case(
                            "character varying(5)",
                            "character varying(10)",
                            TypeChange.Kind.SAFE,
                            List.of("abcde")),
                    new Case(
                            "character varying(10)",
                            "text",
                            TypeChange.Kind.SAFE,
                            List.of("abcdefghij")),
                    new Case(
                            "character varying(10)",
                            "character varying(3)",
                            TypeChange.Kind.CHECK,
                            List.of("abc", "abcd")),
                    new Case(
                            "real",
                            "double precision",
                            TypeChange.Kind.SAFE,
                            List.of("1.1", "3.4e38")),
                    new Case(
                            "double precision",
                            "real",
                            TypeChange.Kind.CHECK,
                            List.of("1.5", "1.1", "1e300", "1e-300", "3.14159265358979")),
                    new Case("integer", "text", TypeChange.Kind.SAFE, List.of("-2147483648")),
                    new Case(
                            "timestamp without time zone",
                            "date",
                            TypeChange.Kind.CHECK,
                            List.of("2024-01-01 00:00:00", "2024-01-01 10:30:00")),
                    new Case(
                            "timestamp(6) without time zone",
                            "timestamp(0) without time zone",
                            TypeChange.Kind.CHECK,
                            List.of("2024-01-01 10:30:00", "2024-01-01 10:30:00.5")),
                    new Case("json", "jsonb", TypeChange.Kind.SAFE, List.of("{\"a\": 1}")),
                    new Case("boolean", "integer", TypeChange.Kind.INCOMPATIBLE, List.of("true")),
                    new Case(
                            "uuid",
                            "bigint",
                            TypeChange.Kind.INCOMPATIBLE,
                            List.of("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")));

    @Test
    void eachClassHoldsForRealValuesThroughTheTargetInputFunction() {
        Db db = Db.create(Clusters.shared("16"), "types");
        for (Case c : CASES) {
            TypeChange change = TypeRules.classify(c.from(), c.to());
            assertEquals(
                    c.kind(), change.kind(), c.from() + " -> " + c.to() + ": " + change.reason());
            for (String v : c.samples()) {
                String value = "(" + dev.lrplan.sql.Sql.literal(v) + "::" + c.from() + ")";
                // What the apply worker does: the source's text output through the target's input
                // function.
                // Valid first, in its own query: a constant cast that fails would fail even in a
                // CASE branch.
                boolean valid =
                        "t"
                                .equals(
                                        db.queryString(
                                                "SELECT pg_input_is_valid("
                                                        + value
                                                        + "::text, "
                                                        + dev.lrplan.sql.Sql.literal(c.to())
                                                        + ")"));
                boolean carries =
                        valid
                                && ("t"
                                                .equals(
                                                        db.queryString(
                                                                "SELECT ("
                                                                        + value
                                                                        + "::text::"
                                                                        + c.to()
                                                                        + ")::text = "
                                                                        + value
                                                                        + "::text"))
                                        || "t"
                                                .equals(
                                                        db.queryString(
                                                                "SELECT "
                                                                        + value
                                                                        + "::text::"
                                                                        + c.to()
                                                                        + " = "
                                                                        + value)));
                String where = c.from() + " -> " + c.to() + " with " + v;
                switch (change.kind()) {
                    case SAFE -> assertEquals(true, carries, where + " must carry over");
                    case CHECK -> {
                        boolean flagged =
                                "t"
                                        .equals(
                                                db.queryString(
                                                        "SELECT "
                                                                + String.format(
                                                                        change.violation(),
                                                                        value)));
                        assertEquals(
                                !carries,
                                flagged,
                                where
                                        + ": the check must flag exactly the values that do not carry over");
                    }
                    default -> {}
                }
            }
        }
    }
}
