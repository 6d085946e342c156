package dev.lrplan.compile.strategy;

import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.diff.TypeChange;
import dev.lrplan.diff.TypeRules;
import dev.lrplan.sql.Literal;
import java.util.Optional;

/** Preflight facts that do not depend on the strategy. */
final class Preflight {
    private Preflight() {}

    /**
     * The tables the target must have, as {@code regclass} literals and display names, for every
     * strategy.
     */
    static java.util.List<java.util.Map<String, Object>> targetTables(CompileContext c) {
        return dev.lrplan.compile.step.Model.items(
                c.diff().tables().stream()
                        .map(
                                t ->
                                        dev.lrplan.compile.step.Model.of()
                                                .put("literal", Literal.of(t.name().regclassText()))
                                                .put("display", Literal.of(t.name().display()))
                                                .build())
                        .toList());
    }

    /**
     * The tables whose initial copy needs an empty target table, in blocks of {@link #EMPTY_CHUNK}:
     * a row there (the new schema's install script) would stop the copy on a duplicate key with no
     * finding. Tables the plan truncates are left out; so is every table when the plan does not
     * copy data.
     */
    private static java.util.List<java.util.Map<String, Object>> mustBeEmpty(CompileContext c) {
        if (!c.plan().replication().copyData()) {
            return java.util.List.of();
        }
        // A set: tables.target_rows may name every one of 10,000 tables.
        java.util.Set<dev.lrplan.catalog.QualifiedName> truncated =
                new java.util.HashSet<>(c.diff().truncate());
        java.util.List<java.util.Map<String, Object>> tables =
                c.diff().tables().stream()
                        .filter(t -> !truncated.contains(t.name()))
                        .map(
                                t ->
                                        dev.lrplan.compile.step.Model.of()
                                                .put("table", t.name().quoted())
                                                .put("display", Literal.of(t.name().display()))
                                                .build())
                        .toList();
        java.util.List<java.util.Map<String, Object>> chunks = new java.util.ArrayList<>();
        for (int from = 0; from < tables.size(); from += EMPTY_CHUNK) {
            chunks.add(
                    dev.lrplan.compile.step.Model.of()
                            .put(
                                    "tables",
                                    tables.subList(
                                            from, Math.min(tables.size(), from + EMPTY_CHUNK)))
                            .build());
        }
        return chunks;
    }

    /**
     * Tables per emptiness check block: each block is a transaction that keeps a lock on every
     * table it read, and the server's lock table has room for max_locks_per_transaction (64 by
     * default) times max_connections locks in all; 500 leave room at the defaults.
     */
    private static final int EMPTY_CHUNK = 500;

    /** The model keys of the emptiness check ({@code _empty_targets}). */
    static java.util.Map<String, Object> emptyTargets(CompileContext c) {
        java.util.List<java.util.Map<String, Object>> chunks = mustBeEmpty(c);
        return dev.lrplan.compile.step.Model.of()
                .put("mustBeEmpty", chunks)
                .put("hasMustBeEmpty", !chunks.isEmpty())
                .put("emptyChunk", dev.lrplan.sql.Fragment.number(EMPTY_CHUNK))
                .build();
    }

    /**
     * The source's TimeZone, when some column changes between timestamp and timestamptz: the target
     * must read values in the same zone.
     */
    static Optional<Literal> timeZoneCheck(CompileContext c) {
        boolean needed =
                c.diff().tables().stream()
                        .anyMatch(
                                t ->
                                        t.source().columns().stream()
                                                .anyMatch(
                                                        sc ->
                                                                t.target()
                                                                        .column(sc.name())
                                                                        .map(
                                                                                tc ->
                                                                                        TypeRules
                                                                                                        .classify(
                                                                                                                sc
                                                                                                                        .type(),
                                                                                                                tc
                                                                                                                        .type())
                                                                                                        .kind()
                                                                                                == TypeChange
                                                                                                        .Kind
                                                                                                        .SETTING)
                                                                        .orElse(false)));
        String tz = c.source().serverInfo().map(s -> s.settings().get("TimeZone")).orElse(null);
        return needed && tz != null ? Optional.of(Literal.of(tz)) : Optional.empty();
    }
}
