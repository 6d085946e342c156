package dev.lrplan.plan;

import dev.lrplan.contract.Cluster;
import dev.lrplan.diag.Diagnostic;
import dev.lrplan.diag.DiagnosticException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads a plan strictly: unknown keys, wrong types, missing fields and bad values are all collected
 * and reported as {@code FILE:LINE:COL: error: …} in one {@link DiagnosticException}. Nothing from
 * SnakeYAML leaves this package.
 */
public final class PlanLoader {
    /** Plans are small; anything larger is refused before parsing. */
    public static final int MAX_BYTES = 1 << 20;

    private static final int MAX_ALIASES = 20;

    private static final Set<String> TOP =
            Set.of(
                    "plan",
                    "name",
                    "source",
                    "target",
                    "replication",
                    "tables",
                    "drift",
                    "switchover",
                    "rollback",
                    "monitoring",
                    "lock_timeout",
                    "extra_steps",
                    "verify",
                    "rehearse");
    private static final Set<String> VERIFY = Set.of("checksums", "max_bytes");
    private static final Set<String> REHEARSE = Set.of("source_schema", "target_schema");
    private static final Set<String> ENDPOINT = Set.of("url", "snapshot", "schema_file", "version");
    private static final Set<String> EXTRA = Set.of("after", "cluster", "file");

    private PlanLoader() {}

    /**
     * The subscription options plans may set: the capability table's list, in the plan's spelling.
     */
    public static Plan load(Path file, Map<String, String> env) {
        String display = file.toString();
        String text = read(file, display);
        YamlNodes y = new YamlNodes(display, env);
        Node root = compose(text, display);
        Plan plan = new Reader(y, file.toAbsolutePath().getParent()).plan(root, file);
        if (!y.problems().isEmpty() || plan == null) {
            List<Diagnostic> problems = new ArrayList<>(y.problems());
            problems.sort(
                    java.util.Comparator.comparingInt(Diagnostic::line)
                            .thenComparingInt(Diagnostic::column));
            throw new DiagnosticException(
                    problems.isEmpty()
                            ? List.of(Diagnostic.ofFile(display, "the plan is not valid"))
                            : problems);
        }
        return plan;
    }

    private static String read(Path file, String display) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new DiagnosticException(
                        List.of(Diagnostic.ofFile(display, "no such plan file")));
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new DiagnosticException(
                        List.of(
                                Diagnostic.ofFile(
                                        display,
                                        "the plan is "
                                                + size
                                                + " bytes; plans larger than "
                                                + MAX_BYTES
                                                + " bytes are refused")));
            }
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DiagnosticException(
                    List.of(Diagnostic.ofFile(display, "the plan is not valid UTF-8")));
        } catch (IOException e) {
            throw new DiagnosticException(
                    List.of(Diagnostic.ofFile(display, "cannot read the plan: " + e.getMessage())));
        }
    }

    private static Node compose(String text, String display) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(MAX_BYTES);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        try {
            Node root = yaml.compose(new StringReader(text));
            if (root == null) {
                throw new DiagnosticException(
                        List.of(Diagnostic.ofFile(display, "the plan is empty")));
            }
            return root;
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            throw new DiagnosticException(
                    List.of(
                            m == null
                                    ? Diagnostic.ofFile(display, "YAML: " + problem)
                                    : new Diagnostic(
                                            display,
                                            m.getLine() + 1,
                                            m.getColumn() + 1,
                                            "YAML: " + problem + context)));
        } catch (YAMLException e) {
            String msg = e.getMessage() == null ? "invalid YAML" : e.getMessage();
            if (msg.contains("aliases")) {
                msg =
                        "too many YAML aliases (more than "
                                + MAX_ALIASES
                                + "); refused as a possible alias bomb";
            }
            throw new DiagnosticException(List.of(Diagnostic.ofFile(display, msg)));
        }
    }

    /** One pass over the tree; every field falls back to its documented default. */
    private static final class Reader {
        private final YamlNodes y;
        private final Path base;

        Reader(YamlNodes y, Path base) {
            this.y = y;
            this.base = base;
        }

        Plan plan(Node root, Path file) {
            Optional<Map<String, Node>> top =
                    y.mapping(root, "the plan", TOP, Set.of("plan", "name", "source", "target"));
            if (top.isEmpty()) {
                return null;
            }
            Map<String, Node> m = top.get();
            if (m.containsKey("plan")) {
                y.integer(m.get("plan"), "plan (the format version)", 1, Long.MAX_VALUE)
                        .ifPresent(
                                v -> {
                                    if (v != Plan.FORMAT) {
                                        y.error(
                                                m.get("plan"),
                                                "plan format "
                                                        + v
                                                        + " is not supported; this lrplan reads format "
                                                        + Plan.FORMAT);
                                    }
                                });
            }
            String name =
                    Optional.ofNullable(m.get("name"))
                            .flatMap(n -> identifier(n, "name"))
                            .orElse(null);
            Endpoint source = endpoint(m.get("source"), "source", false);
            Endpoint target = endpoint(m.get("target"), "target", true);
            String baseName = name == null ? "lrplan" : name;
            Replication replication = new ReplicationLoader(y).load(m.get("replication"), baseName);
            TableSelection tables = tables(m.get("tables"));
            Drift drift = drift(m.get("drift"));
            Switchover switchover = switchover(m.get("switchover"));
            Plan.Rollback rollback = rollback(m.get("rollback"));
            if (rollback.enabled()
                    && switchover.pgbouncer().isPresent()
                    && switchover.pgbouncer().get().source() == null) {
                y.error(
                        m.get("switchover"),
                        "switchover.pgbouncer.source is required with a rollback path: the entry's"
                                + " connect string on the old cluster, as the include file holds it"
                                + " before the switchover (host=… port=… dbname=…), which the way back"
                                + " (apply --going-back) writes again; or set rollback.enabled: false");
            }
            Plan.Monitoring monitoring =
                    new Plan.Monitoring(flag(m.get("monitoring"), "monitoring", "aurora", false));
            String lockTimeout = "5s";
            if (m.containsKey("lock_timeout")) {
                lockTimeout =
                        y.string(m.get("lock_timeout"), "lock_timeout")
                                .filter(
                                        v -> {
                                            java.util.regex.Matcher d =
                                                    java.util.regex.Pattern.compile(
                                                                    "([1-9][0-9]{0,8})(ms|s|min)")
                                                            .matcher(v);
                                            if (!d.matches()) {
                                                y.error(
                                                        m.get("lock_timeout"),
                                                        "lock_timeout must be a duration such as 500ms, 5s or 1min, not '"
                                                                + v
                                                                + "'");
                                                return false;
                                            }
                                            long ms =
                                                    Long.parseLong(d.group(1))
                                                            * switch (d.group(2)) {
                                                                case "ms" -> 1L;
                                                                case "s" -> 1000L;
                                                                default -> 60_000L;
                                                            };
                                            if (ms > Integer.MAX_VALUE) {
                                                y.error(
                                                        m.get("lock_timeout"),
                                                        "lock_timeout "
                                                                + v
                                                                + " is more than PostgreSQL accepts ("
                                                                + Integer.MAX_VALUE
                                                                + "ms, about 24 days)");
                                                return false;
                                            }
                                            return true;
                                        })
                                .orElse(lockTimeout);
            }
            List<Plan.ExtraStep> extra =
                    m.containsKey("extra_steps") ? extraSteps(m.get("extra_steps")) : List.of();
            Plan.Verify verify = verify(m.get("verify"));
            Plan.Rehearse rehearse = rehearse(m.get("rehearse"));
            if (name == null || source == null || target == null || !y.problems().isEmpty()) {
                return null;
            }
            return new Plan(
                    file,
                    name,
                    source,
                    target,
                    replication,
                    tables,
                    drift,
                    switchover,
                    rollback,
                    monitoring,
                    lockTimeout,
                    extra,
                    verify,
                    rehearse);
        }

        /**
         * {@code rehearse:}: schema files for lrplan rehearse, beside the plan, which must exist.
         */
        private Plan.Rehearse rehearse(Node n) {
            if (n == null) {
                return Plan.Rehearse.NONE;
            }
            Map<String, Node> m = y.mapping(n, "rehearse", REHEARSE, Set.of()).orElse(Map.of());
            Path source =
                    m.containsKey("source_schema")
                            ? existingFile(m.get("source_schema"), "rehearse.source_schema")
                                    .orElse(null)
                            : null;
            Path target =
                    m.containsKey("target_schema")
                            ? existingFile(m.get("target_schema"), "rehearse.target_schema")
                                    .orElse(null)
                            : null;
            return new Plan.Rehearse(source, target);
        }

        private Optional<String> identifier(Node n, String what) {
            return y.name(n, what)
                    .filter(
                            v -> {
                                boolean ok = v.matches("[a-z_][a-z0-9_]*");
                                if (!ok) {
                                    y.error(
                                            n,
                                            what
                                                    + " '"
                                                    + v
                                                    + "' must be lower case letters, digits and underscores, starting "
                                                    + "with a letter (it names publications, subscriptions and slots)");
                                }
                                return ok;
                            });
        }

        private Endpoint endpoint(Node n, String what, boolean isTarget) {
            if (n == null) {
                return null;
            }
            Optional<Map<String, Node>> mm = y.mapping(n, what, ENDPOINT, Set.of());
            if (mm.isEmpty()) {
                return null;
            }
            Map<String, Node> m = new java.util.LinkedHashMap<>(mm.get());
            Integer version = null;
            if (m.containsKey("version")) {
                Node v = m.remove("version");
                version = y.integer(v, what + ".version", 10, 99).map(Long::intValue).orElse(null);
                if (!m.containsKey("schema_file")) {
                    y.error(
                            v,
                            what
                                    + ".version is only for a schema_file: a server or snapshot states its own version");
                }
            }
            final Integer major = version;
            if (m.size() != 1) {
                y.error(
                        n,
                        what
                                + " needs exactly one of url, snapshot"
                                + (isTarget ? ", schema_file" : "")
                                + (m.isEmpty()
                                        ? ""
                                        : "; found " + String.join(" and ", m.keySet())));
                return null;
            }
            if (m.containsKey("schema_file") && !isTarget) {
                y.error(
                        n,
                        "source cannot be a schema_file: the source is read from a live url or a snapshot");
                return null;
            }
            if (m.containsKey("url")) {
                List<String> vars = new ArrayList<>();
                return y.stringWithVariables(m.get("url"), what + ".url", vars)
                        .map(u -> new Endpoint(u, vars, null, null, null))
                        .orElse(null);
            }
            String key = m.keySet().iterator().next();
            Optional<Path> path = existingFile(m.get(key), what + "." + key);
            return path.map(
                            p ->
                                    key.equals("snapshot")
                                            ? new Endpoint(null, null, p, null, null)
                                            : new Endpoint(null, null, null, p, major))
                    .orElse(null);
        }

        private Optional<Path> existingFile(Node n, String what) {
            return y.string(n, what)
                    .map(base::resolve)
                    .filter(
                            p -> {
                                if (!Files.isRegularFile(p)) {
                                    y.error(n, what + ": no such file: " + base.relativize(p));
                                    return false;
                                }
                                return true;
                            });
        }

        /**
         * A file the compiled folder will include: it must resolve inside the plan's folder,
         * through symbolic links too, and be a regular UTF-8 text file, so that a plan can never
         * copy a secret from elsewhere into its output.
         */
        private Optional<Path> ownFile(Node n, String what) {
            return y.string(n, what)
                    .flatMap(
                            v -> {
                                try {
                                    Path home = base.toRealPath();
                                    Path p = base.resolve(v);
                                    if (!Files.exists(p)) {
                                        y.error(n, what + ": no such file: " + v);
                                        return Optional.empty();
                                    }
                                    Path real = p.toRealPath();
                                    if (!real.startsWith(home)) {
                                        y.error(
                                                n,
                                                what
                                                        + ": "
                                                        + v
                                                        + " is outside the plan's folder "
                                                        + home
                                                        + "; keep the scripts a plan "
                                                        + "includes next to it");
                                        return Optional.empty();
                                    }
                                    if (!Files.isRegularFile(real)
                                            || Files.size(real) > MAX_BYTES * 16L) {
                                        y.error(
                                                n,
                                                what
                                                        + ": "
                                                        + v
                                                        + " is not a regular file of at most "
                                                        + MAX_BYTES * 16L
                                                        + " bytes");
                                        return Optional.empty();
                                    }
                                    StandardCharsets.UTF_8
                                            .newDecoder()
                                            .onMalformedInput(CodingErrorAction.REPORT)
                                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                                            .decode(
                                                    java.nio.ByteBuffer.wrap(
                                                            Files.readAllBytes(real)));
                                    return Optional.of(p);
                                } catch (CharacterCodingException e) {
                                    y.error(n, what + ": " + v + " is not valid UTF-8 text");
                                } catch (IOException e) {
                                    y.error(
                                            n,
                                            what
                                                    + ": cannot read "
                                                    + v
                                                    + ": "
                                                    + e.getClass().getSimpleName());
                                }
                                return Optional.empty();
                            });
        }

        private TableSelection tables(Node n) {
            return new TablesLoader(y).load(n);
        }

        private List<String> tableList(Node n, String what) {
            return TablesLoader.tableList(y, n, what);
        }

        private Drift drift(Node n) {
            return new DriftLoader(y).load(n);
        }

        private Switchover switchover(Node n) {
            return new SwitchoverLoader(y).load(n);
        }

        private Plan.Verify verify(Node n) {
            Map<String, Node> m =
                    n == null
                            ? Map.of()
                            : y.mapping(n, "verify", VERIFY, Set.of()).orElse(Map.of());
            Plan.Verify.Checksums checksums =
                    Optional.ofNullable(m.get("checksums"))
                            .flatMap(
                                    v ->
                                            y.choice(
                                                    v,
                                                    "verify.checksums",
                                                    List.of("auto", "all", "none")))
                            .map(v -> Plan.Verify.Checksums.valueOf(v.toUpperCase(Locale.ROOT)))
                            .orElse(Plan.Verify.Checksums.AUTO);
            long maxBytes =
                    Optional.ofNullable(m.get("max_bytes"))
                            .flatMap(v -> y.integer(v, "verify.max_bytes", 0, Long.MAX_VALUE / 2))
                            .orElse(Plan.Verify.DEFAULT_MAX_BYTES);
            return new Plan.Verify(checksums, maxBytes);
        }

        private boolean flagIn(Map<String, Node> m, String key, String what, boolean fallback) {
            return m.containsKey(key) ? y.bool(m.get(key), what).orElse(fallback) : fallback;
        }

        private Plan.Rollback rollback(Node n) {
            if (n == null) {
                return new Plan.Rollback(true, List.of(), List.of());
            }
            Map<String, Node> m =
                    y.mapping(n, "rollback", Set.of("enabled", "exclude", "relaxed"), Set.of())
                            .orElse(Map.of());
            boolean enabled = flagIn(m, "enabled", "rollback.enabled", true);
            List<String> exclude =
                    m.containsKey("exclude")
                            ? tableList(m.get("exclude"), "rollback.exclude")
                            : List.of();
            List<Relaxation> relaxed = new ArrayList<>();
            if (m.containsKey("relaxed")) {
                y.sequence(m.get("relaxed"), "rollback.relaxed")
                        .ifPresent(
                                items -> items.forEach(i -> relaxation(i).ifPresent(relaxed::add)));
            }
            return new Plan.Rollback(enabled, exclude, relaxed);
        }

        /** {@code { table, column | index, action: relax-old | accept, reason }} */
        private Optional<Relaxation> relaxation(Node item) {
            String what = "an entry of rollback.relaxed";
            Map<String, Node> a =
                    y.mapping(
                                    item,
                                    what,
                                    Set.of("table", "column", "index", "check", "action", "reason"),
                                    Set.of("table", "action"))
                            .orElse(null);
            if (a == null) {
                return Optional.empty();
            }
            Optional<String> table = y.tableName(a.get("table"), what + ": table");
            Optional<String> column =
                    a.containsKey("column")
                            ? y.name(a.get("column"), what + ": column")
                            : Optional.empty();
            Optional<String> index =
                    a.containsKey("index")
                            ? y.name(a.get("index"), what + ": index")
                            : Optional.empty();
            Optional<String> check =
                    a.containsKey("check")
                            ? y.name(a.get("check"), what + ": check")
                            : Optional.empty();
            Optional<String> action =
                    y.choice(a.get("action"), what + ": action", List.of("relax-old", "accept"));
            Optional<String> reason =
                    a.containsKey("reason")
                            ? y.string(a.get("reason"), what + ": reason")
                            : Optional.empty();
            if ((column.isPresent() ? 1 : 0)
                            + (index.isPresent() ? 1 : 0)
                            + (check.isPresent() ? 1 : 0)
                    != 1) {
                y.error(item, what + " names one column, index or check");
                return Optional.empty();
            }
            if (action.isPresent() && action.get().equals("accept") && reason.isEmpty()) {
                y.error(item, what + ": accept needs a reason, written for the reviewer");
                return Optional.empty();
            }
            if (table.isEmpty() || action.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(
                    new Relaxation(
                            table.get(),
                            column.orElse(null),
                            index.orElse(null),
                            check.orElse(null),
                            action.get().equals("accept")
                                    ? Relaxation.Action.ACCEPT
                                    : Relaxation.Action.RELAX_OLD,
                            reason.orElse(null)));
        }

        private boolean flag(Node n, String what, String key, boolean fallback) {
            if (n == null) {
                return fallback;
            }
            return y.mapping(n, what, Set.of(key), Set.of())
                    .map(m -> flagIn(m, key, what + "." + key, fallback))
                    .orElse(fallback);
        }

        private List<Plan.ExtraStep> extraSteps(Node n) {
            List<Plan.ExtraStep> out = new ArrayList<>();
            y.sequence(n, "extra_steps")
                    .ifPresent(
                            items -> {
                                for (Node item : items) {
                                    y.mapping(item, "an entry of extra_steps", EXTRA, EXTRA)
                                            .ifPresent(
                                                    m -> {
                                                        Optional<String> after =
                                                                m.containsKey("after")
                                                                        ? y.choice(
                                                                                m.get("after"),
                                                                                "extra_steps.after",
                                                                                Plan.STEP_NAMES)
                                                                        : Optional.empty();
                                                        Optional<Cluster> cluster =
                                                                m.containsKey("cluster")
                                                                        ? y.choice(
                                                                                        m.get(
                                                                                                "cluster"),
                                                                                        "extra_steps.cluster",
                                                                                        List.of(
                                                                                                "source",
                                                                                                "target"))
                                                                                .map(
                                                                                        c ->
                                                                                                Cluster
                                                                                                        .valueOf(
                                                                                                                c
                                                                                                                        .toUpperCase(
                                                                                                                                Locale
                                                                                                                                        .ROOT)))
                                                                        : Optional.empty();
                                                        Optional<Path> file =
                                                                m.containsKey("file")
                                                                        ? ownFile(
                                                                                m.get("file"),
                                                                                "extra_steps.file")
                                                                        : Optional.empty();
                                                        if (after.isPresent()
                                                                && cluster.isPresent()
                                                                && file.isPresent()) {
                                                            out.add(
                                                                    new Plan.ExtraStep(
                                                                            after.get(),
                                                                            cluster.get(),
                                                                            file.get()));
                                                        }
                                                    });
                                }
                            });
            return out;
        }
    }
}
