package dev.lrplan.plan;

import dev.lrplan.sql.Sql;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The plan's {@code switchover} section: how sequences are synced, ANALYZE and the materialized
 * views, and {@code switchover.pgbouncer} with its checks (the admin console, the entry, the
 * include file, the entry's connect string on the new cluster, the PAUSE bound).
 */
final class SwitchoverLoader {
    private static final Set<String> SWITCHOVER =
            Set.of(
                    "sequences",
                    "sequence_margin",
                    "analyze",
                    "vacuum",
                    "refresh_materialized_views",
                    "pgbouncer",
                    "read_only_roles");
    private static final Set<String> PGBOUNCER =
            Set.of("admin", "database", "include_file", "target");
    private static final Set<String> PGBOUNCER_KEYS =
            Set.of("admin", "database", "include_file", "target", "pause_timeout", "source");

    /** Keywords of a pgbouncer [databases] connect string (pgbouncer's config reference). */
    private static final Set<String> PGBOUNCER_TARGET_KEYS =
            Set.of(
                    "dbname",
                    "host",
                    "port",
                    "user",
                    "auth_user",
                    "client_encoding",
                    "datestyle",
                    "timezone",
                    "pool_size",
                    "min_pool_size",
                    "reserve_pool",
                    "connect_query",
                    "pool_mode",
                    "max_db_connections",
                    "application_name");

    private final YamlNodes y;

    SwitchoverLoader(YamlNodes y) {
        this.y = y;
    }

    Switchover load(Node n) {
        Map<String, Node> m =
                n == null
                        ? Map.of()
                        : y.mapping(n, "switchover", SWITCHOVER, Set.of()).orElse(Map.of());
        Switchover.SequenceSync seq =
                Optional.ofNullable(m.get("sequences"))
                        .flatMap(
                                v ->
                                        y.choice(
                                                v,
                                                "switchover.sequences",
                                                List.of("setval", "alter-restart")))
                        .map(
                                v ->
                                        Switchover.SequenceSync.valueOf(
                                                v.toUpperCase(Locale.ROOT).replace('-', '_')))
                        .orElse(Switchover.SequenceSync.SETVAL);
        long margin =
                Optional.ofNullable(m.get("sequence_margin"))
                        .flatMap(v -> y.integer(v, "switchover.sequence_margin", 0, 1L << 40))
                        .orElse(1000L);
        return new Switchover(
                seq,
                margin,
                flagIn(m, "analyze", "switchover.analyze", true),
                flagIn(m, "vacuum", "switchover.vacuum", false),
                flagIn(
                        m,
                        "refresh_materialized_views",
                        "switchover.refresh_materialized_views",
                        true),
                Optional.ofNullable(m.get("pgbouncer")).map(this::pgbouncer),
                readOnlyRoles(m.get("read_only_roles")));
    }

    /** switchover.read_only_roles: role names, each once. */
    private List<String> readOnlyRoles(Node n) {
        if (n == null) {
            return List.of();
        }
        List<String> roles = y.stringList(n, "switchover.read_only_roles");
        if (roles.isEmpty()) {
            y.error(
                    n,
                    "switchover.read_only_roles must name at least one role (or leave the key out:"
                            + " the operator stops the writes)");
        }
        if (new java.util.HashSet<>(roles).size() != roles.size()) {
            y.error(n, "switchover.read_only_roles names a role twice");
        }
        for (String r : roles) {
            if (r.startsWith("pg_") || r.equals("public")) {
                y.error(
                        n,
                        "switchover.read_only_roles: "
                                + Sql.printable(r)
                                + " is a reserved role name, not an application's role");
            }
        }
        return roles;
    }

    private Pgbouncer pgbouncer(Node n) {
        Map<String, Node> m =
                y.mapping(n, "switchover.pgbouncer", PGBOUNCER_KEYS, PGBOUNCER).orElse(Map.of());
        String admin =
                Optional.ofNullable(m.get("admin"))
                        .flatMap(v -> y.string(v, "switchover.pgbouncer.admin"))
                        .orElse("");
        String database =
                Optional.ofNullable(m.get("database"))
                        .flatMap(v -> y.string(v, "switchover.pgbouncer.database"))
                        .orElse("");
        if (m.containsKey("database")
                && !database.isEmpty()
                && !database.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}")) {
            y.error(
                    m.get("database"),
                    "switchover.pgbouncer.database must be a pgbouncer database name (letters,"
                            + " digits, _ . -, at most 63), not "
                            + Sql.printable(database));
        }
        String include =
                Optional.ofNullable(m.get("include_file"))
                        .flatMap(v -> y.string(v, "switchover.pgbouncer.include_file"))
                        .orElse("");
        if (!include.isEmpty()
                && (!include.startsWith("/") || include.chars().anyMatch(c -> c < 0x20))) {
            y.error(
                    m.get("include_file"),
                    "switchover.pgbouncer.include_file must be an absolute path on the pgbouncer"
                            + " host, without control characters, not "
                            + Sql.printable(include));
        }
        String target =
                Optional.ofNullable(m.get("target"))
                        .flatMap(v -> y.string(v, "switchover.pgbouncer.target"))
                        .orElse("");
        if (!target.isEmpty()) {
            String problem = pgbouncerTargetProblem(target);
            if (problem != null) {
                y.error(m.get("target"), "switchover.pgbouncer.target " + problem);
            }
        }
        long pauseTimeout = Pgbouncer.DEFAULT_PAUSE_TIMEOUT_SECONDS;
        if (m.containsKey("pause_timeout")) {
            Node v = m.get("pause_timeout");
            java.util.Optional<Long> secs =
                    y.string(v, "switchover.pgbouncer.pause_timeout")
                            .flatMap(dev.lrplan.diag.Units::parseSeconds)
                            .filter(x -> x >= 1 && x <= 3600);
            if (secs.isEmpty()) {
                y.error(
                        v,
                        "switchover.pgbouncer.pause_timeout must be a duration from 1s to 1h (30s,"
                                + " 2min)");
            } else {
                pauseTimeout = secs.get();
            }
        }
        String source = null;
        if (m.containsKey("source")) {
            source = y.string(m.get("source"), "switchover.pgbouncer.source").orElse(null);
            String problem = source == null ? null : pgbouncerTargetProblem(source);
            if (problem != null) {
                y.error(m.get("source"), "switchover.pgbouncer.source " + problem);
            }
        }
        return new Pgbouncer(admin, database, include, target, pauseTimeout, source);
    }

    /** Why this is not a connect string pgbouncer takes for a [databases] entry, or null. */
    static String pgbouncerTargetProblem(String s) {
        if (s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "must be one line without control characters";
        }
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile(
                                "\\s*([a-z_]+)\\s*=\\s*('(?:[^'\\\\]|\\\\.|'')*'|[^\\s']+)\\s*")
                        .matcher(s);
        int at = 0;
        boolean host = false;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                return "must be key=value pairs (host=… port=… dbname=…), as in pgbouncer.ini;"
                        + " cannot read it from position "
                        + (at + 1);
            }
            String key = m.group(1);
            if (key.equals("password")) {
                return "must not hold a password: it is written into a reviewed script and"
                        + " pgbouncer.ini; pgbouncer takes passwords from its auth_file or auth_query";
            }
            if (!PGBOUNCER_TARGET_KEYS.contains(key)) {
                return "has "
                        + key
                        + ", which pgbouncer does not take in a [databases] entry (it takes "
                        + String.join(", ", new java.util.TreeSet<>(PGBOUNCER_TARGET_KEYS))
                        + ")";
            }
            host |= key.equals("host");
            at = m.end();
        }
        return host ? null : "needs host=: the new cluster's address as pgbouncer reaches it";
    }

    private boolean flagIn(Map<String, Node> m, String key, String what, boolean fallback) {
        return m.containsKey(key) ? y.bool(m.get(key), what).orElse(fallback) : fallback;
    }
}
