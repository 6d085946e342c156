package dev.lrplan.plan;

import dev.lrplan.contract.Cluster;
import dev.lrplan.diag.Diagnostic;
import dev.lrplan.diag.DiagnosticException;
import dev.lrplan.sql.Sql;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
                    "verify");
    private static final Set<String> VERIFY = Set.of("checksums", "max_bytes");
    private static final Set<String> ENDPOINT = Set.of("url", "snapshot", "schema_file", "version");
    private static final Set<String> REPLICATION =
            Set.of(
                    "strategy",
                    "publication",
                    "subscription",
                    "slot",
                    "copy_data",
                    "for_all_tables",
                    "options",
                    "stages",
                    "defer_indexes",
                    "maintenance_work_mem");
    private static final Set<String> STAGES =
            Set.of("max_tables", "max_bytes", "interval", "order");
    private static final Map<String, List<String>> OPTIONS = options();
    private static final Set<String> TABLES =
            Set.of(
                    "schemas",
                    "owner",
                    "include",
                    "exclude",
                    "include_extension_tables",
                    "require_all",
                    "without_primary_key",
                    "target_rows");
    private static final Set<String> SWITCHOVER =
            Set.of(
                    "sequences",
                    "sequence_margin",
                    "analyze",
                    "vacuum",
                    "refresh_materialized_views");
    private static final Set<String> EXTRA = Set.of("after", "cluster", "file");

    private PlanLoader() {}

    /**
     * The subscription options plans may set: the capability table's list, in the plan's spelling.
     */
    private static Map<String, List<String>> options() {
        Map<String, List<String>> m = new java.util.TreeMap<>();
        for (dev.lrplan.capability.Capabilities.SubscriptionOption o :
                dev.lrplan.capability.Capabilities.SubscriptionOption.values()) {
            m.put(o.sqlName(), o.allowedValues());
        }
        return m;
    }

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
            Replication replication = replication(m.get("replication"), baseName);
            TableSelection tables = tables(m.get("tables"));
            Drift drift = drift(m.get("drift"));
            Switchover switchover = switchover(m.get("switchover"));
            Plan.Rollback rollback = rollback(m.get("rollback"));
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
                    verify);
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

        private Replication replication(Node n, String name) {
            Map<String, Node> m =
                    n == null
                            ? Map.of()
                            : y.mapping(n, "replication", REPLICATION, Set.of()).orElse(Map.of());
            Replication.Strategy strategy =
                    Optional.ofNullable(m.get("strategy"))
                            .flatMap(
                                    s ->
                                            y.choice(
                                                    s,
                                                    "replication.strategy",
                                                    List.of(
                                                            "native",
                                                            "pglogical",
                                                            "snapshot-copy",
                                                            "dump-restore")))
                            // dump-restore (the 12 → 15 story's variant) is snapshot-copy: the
                            // same copy, without the story's write stop while the dump is taken.
                            .map(s -> s.equals("dump-restore") ? "snapshot-copy" : s)
                            .map(
                                    s ->
                                            Replication.Strategy.valueOf(
                                                    s.toUpperCase(Locale.ROOT).replace('-', '_')))
                            .orElse(Replication.Strategy.NATIVE);
            if (!strategy.implemented()) { // every strategy the loader names is built today
                y.error(
                        m.get("strategy"),
                        "replication.strategy "
                                + strategy.label()
                                + " is not implemented in this"
                                + " lrplan yet: its scripts cannot be compiled, and lrplan never substitutes another strategy's."
                                + " Use strategy: native (it needs PostgreSQL 10 or later on the source)");
            }
            String publication =
                    named(m, "publication", "replication.publication", Sql.fitName(name + "_pub"));
            String subscription =
                    named(
                            m,
                            "subscription",
                            "replication.subscription",
                            Sql.fitName(name + "_sub"));
            String slot = named(m, "slot", "replication.slot", subscription);
            // Slot names allow only lower-case letters, digits and underscores. The forward slot is
            // the subscription's
            // name unless the plan names one, and the rollback slot is always derived from it.
            if (m.containsKey("slot") && !slotName(slot)) {
                y.error(
                        m.get("slot"),
                        "replication.slot '"
                                + slot
                                + "' is not a valid replication slot name: slot names"
                                + " hold only lower-case letters, digits and underscores");
            }
            // The replication protocol's command parser rejects some characters in publication
            // names (seen on 13:
            // a publication named "--" makes START_REPLICATION fail with a syntax error, and the
            // subscription never
            // streams), so publication names are held to the same rule as slot names.
            if (m.containsKey("publication") && !slotName(publication)) {
                y.error(
                        m.get("publication"),
                        "replication.publication '"
                                + publication
                                + "' must hold only lower-case"
                                + " letters, digits and underscores: the subscriber sends it in a replication command whose"
                                + " parser rejects some other characters");
            }
            if (m.containsKey("subscription") && !slotName(subscription)) {
                y.error(
                        m.get("subscription"),
                        "replication.subscription '"
                                + subscription
                                + "' names the rollback"
                                + " slot"
                                + (m.containsKey("slot") ? "" : " and the forward slot")
                                + " too, and slot names hold only"
                                + " lower-case letters, digits and underscores");
            }
            boolean copyData =
                    m.containsKey("copy_data")
                            ? y.bool(m.get("copy_data"), "replication.copy_data").orElse(true)
                            : true;
            boolean forAll =
                    m.containsKey("for_all_tables")
                            ? y.bool(m.get("for_all_tables"), "replication.for_all_tables")
                                    .orElse(false)
                            : false;
            Map<String, String> options = new LinkedHashMap<>();
            if (m.containsKey("options")) {
                y.mapping(m.get("options"), "replication.options", OPTIONS.keySet(), Set.of())
                        .ifPresent(
                                opts ->
                                        opts.forEach(
                                                (k, v) ->
                                                        option(k, v)
                                                                .ifPresent(
                                                                        val ->
                                                                                options.put(
                                                                                        k, val))));
            }
            Optional<Replication.Stages> stages =
                    m.containsKey("stages") ? stages(m.get("stages")) : Optional.empty();
            if (stages.isPresent() && forAll) {
                y.error(
                        m.get("stages"),
                        "replication.stages cannot go with for_all_tables: FOR ALL TABLES publishes every"
                                + " table at once");
            }
            if (strategy == Replication.Strategy.PGLOGICAL) {
                // What pglogical does not take is refused, never ignored.
                for (String key : List.of("slot", "publication", "options", "for_all_tables")) {
                    if (m.containsKey(key)) {
                        y.error(
                                m.get(key),
                                "replication."
                                        + key
                                        + " is not used by the pglogical strategy"
                                        + switch (key) {
                                            case "slot" -> ": pglogical names its slots itself";
                                            case "publication" ->
                                                    ": pglogical uses replication sets, which lrplan names";
                                            case "options" ->
                                                    ": these are native subscription options";
                                            default -> " in this lrplan yet";
                                        }
                                        + "; remove it");
                    }
                }
                if (!dev.lrplan.capability.Pglogical.plainNamePart(subscription)) {
                    y.error(
                            m.containsKey("subscription") ? m.get("subscription") : n,
                            "replication.subscription '"
                                    + subscription
                                    + "' must be at most "
                                    + dev.lrplan.capability.Pglogical.NAME_PART_BYTES
                                    + " lower-case letters, digits and underscores under pglogical, which puts it in the slot's"
                                    + " name; set replication.subscription to a shorter name");
                }
            }
            boolean snapshotCopy = strategy == Replication.Strategy.SNAPSHOT_COPY;
            if (snapshotCopy) {
                for (String key : List.of("copy_data", "stages")) {
                    if (m.containsKey(key)) {
                        y.error(
                                m.get(key),
                                "replication."
                                        + key
                                        + " is not used by the snapshot-copy strategy: "
                                        + (key.equals("copy_data")
                                                ? "lrplan apply copies every table itself, under the slot's exported snapshot"
                                                : "every table is copied under one snapshot, so there are no stages")
                                        + "; remove it");
                    }
                }
            }
            boolean defer =
                    m.containsKey("defer_indexes")
                            ? y.bool(m.get("defer_indexes"), "replication.defer_indexes")
                                    .orElse(snapshotCopy)
                            : snapshotCopy;
            if (m.containsKey("defer_indexes")
                    && defer
                    && strategy == Replication.Strategy.PGLOGICAL) {
                y.error(
                        m.get("defer_indexes"),
                        "replication.defer_indexes is not built for the pglogical strategy: pglogical"
                                + " copies each table when it joins the set, so there is no single point"
                                + " after the copy to build them; remove it");
            }
            if (m.containsKey("defer_indexes") && defer && !copyData) {
                y.error(
                        m.get("defer_indexes"),
                        "replication.defer_indexes needs copy_data: true: without the initial copy there is"
                                + " nothing to build the indexes after; remove one of them");
            }
            Optional<String> mwm =
                    Optional.ofNullable(m.get("maintenance_work_mem"))
                            .flatMap(v -> size(v, "replication.maintenance_work_mem"))
                            .filter(
                                    b -> {
                                        boolean fits = b >= (1L << 20) && b <= (1L << 41);
                                        if (!fits) {
                                            y.error(
                                                    m.get("maintenance_work_mem"),
                                                    "replication.maintenance_work_mem must be between 1MB and 2TB,"
                                                            + " the range PostgreSQL accepts");
                                        }
                                        return fits;
                                    })
                            .map(b -> (b / 1024) + "kB");
            if (mwm.isPresent() && !defer) {
                y.error(
                        m.get("maintenance_work_mem"),
                        "replication.maintenance_work_mem is used to build deferred indexes, and this plan"
                                + " defers none (replication.defer_indexes is false); remove it");
            }
            return new Replication(
                    strategy,
                    publication,
                    subscription,
                    slot,
                    copyData,
                    forAll,
                    options,
                    stages,
                    defer,
                    mwm);
        }

        private Optional<Replication.Stages> stages(Node n) {
            Optional<Map<String, Node>> mm = y.mapping(n, "replication.stages", STAGES, Set.of());
            if (mm.isEmpty()) {
                return Optional.empty();
            }
            Map<String, Node> m = mm.get();
            if (!m.containsKey("max_tables") && !m.containsKey("max_bytes")) {
                y.error(n, "replication.stages needs max_tables, max_bytes or both");
                return Optional.empty();
            }
            long tables =
                    Optional.ofNullable(m.get("max_tables"))
                            .flatMap(v -> y.integer(v, "replication.stages.max_tables", 1, 100_000))
                            .orElse(100_000L);
            long bytes =
                    Optional.ofNullable(m.get("max_bytes"))
                            .flatMap(v -> size(v, "replication.stages.max_bytes"))
                            .orElse(Long.MAX_VALUE);
            long interval =
                    Optional.ofNullable(m.get("interval"))
                            .flatMap(v -> seconds(v, "replication.stages.interval"))
                            .orElse(0L);
            boolean smallest =
                    Optional.ofNullable(m.get("order"))
                            .flatMap(
                                    v ->
                                            y.choice(
                                                    v,
                                                    "replication.stages.order",
                                                    List.of("smallest-first", "name")))
                            .map(v -> v.equals("smallest-first"))
                            .orElse(true);
            return Optional.of(new Replication.Stages((int) tables, bytes, interval, smallest));
        }

        /**
         * A size: bytes, or a number with kB, MB, GB or TB (powers of 1024, as PostgreSQL reads
         * them).
         */
        private Optional<Long> size(Node n, String what) {
            return y.string(n, what)
                    .flatMap(
                            v -> {
                                java.util.regex.Matcher m =
                                        java.util.regex.Pattern.compile(
                                                        "([1-9][0-9]{0,12})\\s*(|B|kB|MB|GB|TB)")
                                                .matcher(v.strip());
                                if (!m.matches()) {
                                    y.error(
                                            n,
                                            what
                                                    + " must be a size such as 500MB or 10GB, not '"
                                                    + v
                                                    + "'");
                                    return Optional.empty();
                                }
                                int shift =
                                        List.of("", "B", "kB", "MB", "GB", "TB")
                                                .indexOf(m.group(2));
                                shift = Math.max(0, shift - 1) * 10;
                                return Optional.of(Long.parseLong(m.group(1)) << shift);
                            });
        }

        /** A duration: a number with s, min or h. */
        private Optional<Long> seconds(Node n, String what) {
            return y.string(n, what)
                    .flatMap(
                            v -> {
                                java.util.regex.Matcher m =
                                        java.util.regex.Pattern.compile("([0-9]{1,6})(s|min|h)")
                                                .matcher(v.strip());
                                if (!m.matches()) {
                                    y.error(
                                            n,
                                            what
                                                    + " must be a duration such as 30s, 5min or 1h, not '"
                                                    + v
                                                    + "'");
                                    return Optional.empty();
                                }
                                long k =
                                        switch (m.group(2)) {
                                            case "s" -> 1L;
                                            case "min" -> 60L;
                                            default -> 3600L;
                                        };
                                return Optional.of(Long.parseLong(m.group(1)) * k);
                            });
        }

        private static boolean slotName(String s) {
            return s.matches("[a-z0-9_]+");
        }

        private String named(Map<String, Node> m, String key, String what, String fallback) {
            return m.containsKey(key) ? y.name(m.get(key), what).orElse(fallback) : fallback;
        }

        private Optional<String> option(String key, Node v) {
            List<String> allowed = OPTIONS.get(key);
            String text =
                    v instanceof org.yaml.snakeyaml.nodes.ScalarNode s
                            ? s.getValue().toLowerCase(Locale.ROOT)
                            : null;
            if (text != null && org.yaml.snakeyaml.nodes.Tag.BOOL.equals(v.getTag())) {
                boolean b =
                        text.equals("true")
                                || text.equals("yes")
                                || text.equals("on")
                                || text.equals("y");
                text =
                        key.equals("streaming") || key.equals("synchronous_commit")
                                ? (b ? "on" : "off")
                                : Boolean.toString(b);
            }
            if (text != null && allowed.contains(text)) {
                return Optional.of(text);
            }
            y.error(
                    v,
                    "replication.options."
                            + key
                            + " must be one of "
                            + String.join(", ", allowed)
                            + ", not "
                            + YamlNodes.describe(v));
            return Optional.empty();
        }

        private TableSelection tables(Node n) {
            Map<String, Node> m =
                    n == null
                            ? Map.of()
                            : y.mapping(n, "tables", TABLES, Set.of()).orElse(Map.of());
            List<String> schemas =
                    m.containsKey("schemas")
                            ? y.stringList(m.get("schemas"), "tables.schemas")
                            : List.of("public");
            if (m.containsKey("schemas")
                    && schemas.isEmpty()
                    && m.get("schemas") instanceof org.yaml.snakeyaml.nodes.SequenceNode seq
                    && seq.getValue().isEmpty()) {
                y.error(m.get("schemas"), "tables.schemas must name at least one schema");
            }
            String owner =
                    m.containsKey("owner")
                            ? y.name(m.get("owner"), "tables.owner").orElse(null)
                            : null;
            List<String> include =
                    m.containsKey("include")
                            ? tableList(m.get("include"), "tables.include")
                            : List.of();
            List<String> exclude =
                    m.containsKey("exclude")
                            ? tableList(m.get("exclude"), "tables.exclude")
                            : List.of();
            boolean ext =
                    m.containsKey("include_extension_tables")
                            ? y.bool(
                                            m.get("include_extension_tables"),
                                            "tables.include_extension_tables")
                                    .orElse(false)
                            : false;
            boolean requireAll =
                    m.containsKey("require_all")
                            ? y.bool(m.get("require_all"), "tables.require_all").orElse(false)
                            : false;
            TableSelection.NoKeyPolicy policy = TableSelection.NoKeyPolicy.FAIL;
            Map<String, TableSelection.NoKeyPolicy> perTable = new java.util.LinkedHashMap<>();
            Node wpk = m.get("without_primary_key");
            if (wpk instanceof org.yaml.snakeyaml.nodes.MappingNode) {
                // { default: POLICY, schema.table: POLICY, … }
                Map<String, Node> entries =
                        y.freeMapping(wpk, "tables.without_primary_key").orElse(Map.of());
                for (Map.Entry<String, Node> e : entries.entrySet()) {
                    Optional<TableSelection.NoKeyPolicy> p =
                            noKeyPolicy(e.getValue(), "tables.without_primary_key." + e.getKey());
                    if (e.getKey().equals("default")) {
                        policy = p.orElse(policy);
                    } else if (!e.getKey().matches("[^.]+\\.[^.]+")) {
                        y.error(
                                e.getValue(),
                                "tables.without_primary_key: a key is default or schema.table, not '"
                                        + e.getKey()
                                        + "'");
                    } else {
                        p.ifPresent(v -> perTable.put(e.getKey(), v));
                    }
                }
            } else if (wpk != null) {
                policy = noKeyPolicy(wpk, "tables.without_primary_key").orElse(policy);
            }
            Map<String, TableSelection.TargetRows> targetRows = new java.util.LinkedHashMap<>();
            if (m.containsKey("target_rows")) {
                y.freeMapping(m.get("target_rows"), "tables.target_rows")
                        .ifPresent(
                                tables ->
                                        tables.forEach(
                                                (table, v) -> {
                                                    if (!table.matches("[^.]+\\.[^.]+")) {
                                                        y.error(
                                                                v,
                                                                "tables.target_rows: table must be written as schema.table, not '"
                                                                        + table
                                                                        + "'");
                                                        return;
                                                    }
                                                    y.choice(
                                                                    v,
                                                                    "tables.target_rows." + table,
                                                                    List.of(
                                                                            "truncate",
                                                                            "keep-target",
                                                                            "exclude"))
                                                            .ifPresent(
                                                                    c ->
                                                                            targetRows.put(
                                                                                    table,
                                                                                    TableSelection
                                                                                            .TargetRows
                                                                                            .valueOf(
                                                                                                    c.toUpperCase(
                                                                                                                    Locale
                                                                                                                            .ROOT)
                                                                                                            .replace(
                                                                                                                    '-',
                                                                                                                    '_'))));
                                                }));
            }
            return new TableSelection(
                    schemas,
                    owner,
                    include,
                    exclude,
                    ext,
                    requireAll,
                    policy,
                    targetRows,
                    perTable);
        }

        private Optional<TableSelection.NoKeyPolicy> noKeyPolicy(Node v, String what) {
            return y.choice(
                            v,
                            what,
                            List.of(
                                    "replica-identity-full",
                                    "replica-identity-index",
                                    "exclude",
                                    "insert-only",
                                    "fail"))
                    .map(
                            c ->
                                    TableSelection.NoKeyPolicy.valueOf(
                                            c.toUpperCase(Locale.ROOT).replace('-', '_')));
        }

        private List<String> tableList(Node n, String what) {
            List<String> out = new ArrayList<>();
            y.sequence(n, what)
                    .ifPresent(
                            items ->
                                    items.forEach(
                                            i ->
                                                    y.tableName(i, "an entry of " + what)
                                                            .ifPresent(out::add)));
            return out;
        }

        private Drift drift(Node n) {
            return new DriftLoader(y).load(n);
        }

        private Switchover switchover(Node n) {
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
                            true));
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
