package dev.lrplan.plan;

import dev.lrplan.sql.Sql;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The plan's {@code replication} section: the strategy, the replication objects' names, the
 * subscription options, stages, and the deferred indexes. What a strategy does not take is refused,
 * never ignored.
 */
final class ReplicationLoader {
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

    private static Map<String, List<String>> options() {
        Map<String, List<String>> m = new java.util.TreeMap<>();
        for (dev.lrplan.capability.Capabilities.SubscriptionOption o :
                dev.lrplan.capability.Capabilities.SubscriptionOption.values()) {
            m.put(o.sqlName(), o.allowedValues());
        }
        return m;
    }

    private final YamlNodes y;

    ReplicationLoader(YamlNodes y) {
        this.y = y;
    }

    Replication load(Node n, String name) {
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
                named(m, "subscription", "replication.subscription", Sql.fitName(name + "_sub"));
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
                                                                    val -> options.put(k, val))));
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
                                        case "options" -> ": these are native subscription options";
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
        if (m.containsKey("defer_indexes") && defer && strategy == Replication.Strategy.PGLOGICAL) {
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
     * A size: bytes, or a number with kB, MB, GB or TB (powers of 1024, as PostgreSQL reads them).
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
                                    List.of("", "B", "kB", "MB", "GB", "TB").indexOf(m.group(2));
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
}
