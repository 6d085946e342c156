package dev.lrplan.compile;

import dev.lrplan.capability.Capabilities;
import dev.lrplan.catalog.Catalog;
import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.catalog.ServerInfo;
import dev.lrplan.diff.Diff;
import dev.lrplan.diff.SequenceMove;
import dev.lrplan.diff.TableMove;
import dev.lrplan.diff.TypeChange;
import dev.lrplan.plan.Plan;
import dev.lrplan.plan.Switchover;
import dev.lrplan.sql.CommentText;
import dev.lrplan.sql.Fragment;
import dev.lrplan.sql.Ident;
import dev.lrplan.sql.Literal;
import dev.lrplan.sql.Sql;
import dev.lrplan.sql.SqlText;
import dev.lrplan.sql.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a plan and its diff into the ordered steps of a native logical replication upgrade. Pure:
 * every name and value is quoted here, in Java, before a template sees it.
 */
public final class Compiler {
    static final String BACKUP_SCHEMA = "lrplan_backup";

    private final Plan plan;
    private final Diff diff;
    private final Catalog source;
    private final Catalog target;
    private final List<Step> steps = new ArrayList<>();
    private final List<DroppedOption> dropped = new ArrayList<>();
    private final java.util.Set<Plan.ExtraStep> placed = new java.util.HashSet<>();

    private Compiler(Plan plan, Diff diff, Catalog source, Catalog target) {
        this.plan = plan;
        this.diff = diff;
        this.source = source;
        this.target = target;
    }

    /** A subscription option the plan asked for that one end cannot take, and why. */
    public record DroppedOption(String subscription, String option, String value, String reason) {}

    /** The compiled plan: steps in order, the options left out, and the replication objects' names. */
    public record Compiled(List<Step> steps, List<DroppedOption> droppedOptions, Names names) {
        public Compiled {
            steps = List.copyOf(steps);
            droppedOptions = List.copyOf(droppedOptions);
        }
    }

    /** The objects the steps create, for monitoring: status and apply's gates look them up by these names. */
    public record Names(String publication, String subscription, String slot) {}

    public static Compiled compile(Plan plan, Diff diff, Catalog source, Catalog target) {
        return new Compiler(plan, diff, source, target).run();
    }

    private Compiled run() {
        List<TableMove> tables = diff.tables();
        add("preflight", Plan.Cluster.SOURCE, Step.Phase.PREFLIGHT, true, Step.LockRisk.NONE,
                "Check that the source can publish: version, wal_level, a free slot and sender, no name clashes.",
                List.of("the plan's findings have no errors"), "nothing to undo (reads only)", "preflight-source",
                Model.of().put("walLevel", true).put("slot", lit(plan.replication().slot()))
                        .put("publication", lit(plan.replication().publication())).build());
        add("preflight", Plan.Cluster.TARGET, Step.Phase.PREFLIGHT, true, Step.LockRisk.NONE,
                "Check that the target can subscribe: version, the tables exist, no subscription of the same name.",
                List.of("the target schema is restored"), "nothing to undo (reads only)", "preflight-target",
                Model.of().put("subscription", lit(plan.replication().subscription()))
                        .put("tables", Model.items(tables.stream().map(t -> Model.of().put("literal", lit(t.name().regclassText()))
                                .put("display", lit(t.name().display())).build()).toList()))
                        .put("sameTimeZone", timeZoneCheck()).build());
        targetSchema(tables);
        dataChecks(tables);
        replicaIdentity(tables);
        publication(tables);
        subscription();
        monitoring();
        switchover(tables);
        if (plan.rollback().enabled()) {
            rollback(tables);
        }
        cleanup();
        driftCleanup(tables);
        List<String> unplaced = plan.extraSteps().stream().filter(e -> !placed.contains(e)).map(e -> e.file().getFileName()
                + " (after: " + e.after() + ")").toList();
        if (!unplaced.isEmpty()) {
            throw new dev.lrplan.diag.DiagnosticException(List.of(dev.lrplan.diag.Diagnostic.ofFile(
                    plan.file().toString(), "extra_steps: " + String.join(", ", unplaced) + " follow(s) a step this plan"
                            + " does not have (is the rollback path disabled?); choose a step that the compiled folder"
                            + " lists")));
        }
        return new Compiled(steps, dropped, new Names(plan.replication().publication(),
                plan.replication().subscription(), plan.replication().slot()));
    }

    // ---- steps ----

    private void targetSchema(List<TableMove> tables) {
        List<Map<String, Object>> shims = new ArrayList<>();
        List<Map<String, Object>> renames = new ArrayList<>();
        for (TableMove t : tables) {
            for (TableMove.Shim s : t.shims()) {
                shims.add(Model.of().put("table", t.name().quoted()).put("column", Ident.of(s.column()))
                        .put("type", TypeName.of(s.type())).build());
            }
            List<Map<String, Object>> pairs = new ArrayList<>();
            StringBuilder body = new StringBuilder();
            for (TableMove.Rename r : t.renames()) {
                Ident oldCol = Ident.of(r.oldColumn());
                Ident newCol = Ident.of(r.newColumn());
                shims.add(Model.of().put("table", t.name().quoted()).put("column", oldCol)
                        .put("type", TypeName.of(r.oldType())).build());
                pairs.add(Model.of().put("old", oldCol).put("new", newCol).put("oldComment", CommentText.of(r.oldColumn()))
                        .put("newComment", CommentText.of(r.newColumn())).put("oldName", lit(r.oldColumn()))
                        .put("newName", lit(r.newColumn()))
                        .put("direct", !oldCol.sql().startsWith("U&") && !newCol.sql().startsWith("U&")).build());
                body.append(oldCol.sql()).append('\0').append(newCol.sql()).append('\0');
            }
            if (!pairs.isEmpty()) {
                renames.add(Model.of().put("table", t.name().quoted())
                        .put("function", Fragment.qualified(t.name().schema(), renameFunction(t.name())))
                        .put("pairs", pairs).put("tag", Fragment.dollarTag("lrplan", body.toString())).build());
            }
        }
        add("target-schema", Plan.Cluster.TARGET, Step.Phase.SCHEMA, true, Step.LockRisk.CATALOG,
                "Add drift shims (source-only columns, nullable, no default) and rename triggers (ENABLE ALWAYS) on the target.",
                List.of("the target schema is restored", "the target has no application traffic"),
                "the drift-cleanup step drops every shim and trigger this step adds", "target-schema",
                Model.of().put("shims", shims).put("renames", renames).put("empty", shims.isEmpty() && renames.isEmpty())
                        .put("lockTimeout", lit(plan.lockTimeout())).build());
    }

    private void dataChecks(List<TableMove> tables) {
        List<Map<String, Object>> checks = new ArrayList<>();
        for (TableMove t : tables) {
            checkModel(t.name(), t.source().kind() != dev.lrplan.catalog.Table.Kind.PARTITIONED, t.checks())
                    .ifPresent(checks::add);
        }
        add("data-checks", Plan.Cluster.SOURCE, Step.Phase.CHECK, true, Step.LockRisk.NONE,
                "Scan each table with risky type changes once, counting the values the target type cannot take.",
                List.of("before anything is published"), "nothing to undo (reads only)", "data-checks",
                Model.of().put("checks", checks).put("empty", checks.isEmpty()).build());
    }

    /** One scan of a table counting, per column, the values the other side's type cannot take. */
    private static Optional<Map<String, Object>> checkModel(QualifiedName table, boolean only,
                                                            List<TableMove.CheckedColumn> columns) {
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        List<Map<String, Object>> cols = new ArrayList<>();
        int i = 0;
        for (TableMove.CheckedColumn c : columns) {
            i++;
            TypeChange ch = c.change();
            cols.add(Model.of().put("var", Ident.of("n" + i)).put("violation", ch.violationFor(Ident.of(c.column())))
                    .put("message", lit((table.display() + "." + c.column()).replace("%", "%%") + ": %s row(s) that "
                            + ch.to() + " cannot take (" + ch.reason().replace("%", "%%") + ")"))
                    .build());
        }
        List<Map<String, Object>> items = Model.items(cols);
        return Optional.of(Model.of().put("table", table.quoted()).put("only", only).put("columns", items)
                .put("tag", Fragment.dollarTag("lrplan", items.toString())).put("tableComment", CommentText.of(table.display()))
                .build());
    }

    private void replicaIdentity(List<TableMove> tables) {
        List<Map<String, Object>> fixes = new ArrayList<>();
        for (TableMove t : tables) {
            switch (t.identityFix().kind()) {
                case FULL -> fixes.add(Model.of().put("table", t.name().quoted()).put("identity", Fragment.keyword("FULL")).build());
                case USING_INDEX -> fixes.add(Model.of().put("table", t.name().quoted())
                        .put("identity", Fragment.concat(Fragment.keyword("USING INDEX "), Ident.of(t.identityFix().index()))).build());
                case NONE -> { }
            }
        }
        add("replica-identity", Plan.Cluster.SOURCE, Step.Phase.PUBLISH, true, Step.LockRisk.TABLE,
                "Give tables without a primary key a replica identity, so UPDATE and DELETE keep working once published.",
                List.of("data checks passed"), "ALTER TABLE … REPLICA IDENTITY DEFAULT on each table listed",
                "replica-identity", Model.of().put("fixes", fixes).put("empty", fixes.isEmpty())
                        .put("lockTimeout", lit(plan.lockTimeout())).build());
    }

    private void publication(List<TableMove> tables) {
        List<Map<String, Object>> all = new ArrayList<>();
        List<Map<String, Object>> insertOnly = new ArrayList<>();
        for (TableMove t : tables) {
            (t.publish() == TableMove.Publish.ALL ? all : insertOnly).add(Model.of().put("table", t.name().quoted()).build());
        }
        add("publication", Plan.Cluster.SOURCE, Step.Phase.PUBLISH, true, Step.LockRisk.CATALOG,
                "Publish the selected tables" + (plan.replication().forAllTables() ? " (FOR ALL TABLES)" : ", listed one by one") + ".",
                List.of("data checks passed", "replica identities are set"),
                "DROP PUBLICATION " + Sql.ident(plan.replication().publication()) + (insertOnly.isEmpty() ? "" : " and its _insert_only twin"),
                "publication", Model.of().put("publication", Ident.of(plan.replication().publication()))
                        .put("publicationLiteral", lit(plan.replication().publication()))
                        .put("insertOnlyPublication", Ident.of(insertOnlyPublication()))
                        .put("forAllTables", plan.replication().forAllTables())
                        .put("tables", Model.items(all)).put("insertOnly", Model.items(insertOnly))
                        .put("hasInsertOnly", !insertOnly.isEmpty()).put("hasTables", !all.isEmpty())
                        .put("viaRoot", diff.viaPartitionRoot() && tables.stream()
                                .anyMatch(t -> t.source().kind() == dev.lrplan.catalog.Table.Kind.PARTITIONED))
                        .put("lockTimeout", lit(plan.lockTimeout())).build());
    }

    private String insertOnlyPublication() {
        return Sql.fitName(plan.replication().publication() + "_insert_only");
    }

    private void subscription() {
        List<Ident> publications = new ArrayList<>(List.of(Ident.of(plan.replication().publication())));
        if (diff.tables().stream().anyMatch(t -> t.publish() == TableMove.Publish.INSERT_ONLY)) {
            publications.add(Ident.of(insertOnlyPublication()));
        }
        List<Map<String, Object>> options = new ArrayList<>();
        options.add(option("enabled", Fragment.keyword("false")));
        options.add(option("create_slot", Fragment.keyword("true")));
        options.add(option("slot_name", lit(plan.replication().slot())));
        options.add(option("copy_data", Fragment.keyword(Boolean.toString(plan.replication().copyData()))));
        options.addAll(subscriptionOptions(plan.replication().subscription(), diff.sourceMajor(), diff.targetMajor(),
                true));
        add("subscription", Plan.Cluster.TARGET, Step.Phase.SYNC, false, Step.LockRisk.NONE,
                "Create the subscription, disabled; this creates the replication slot on the source.",
                List.of("the publication exists", "psql variable source_conninfo holds the source's connection string"),
                "DROP SUBSCRIPTION " + Sql.ident(plan.replication().subscription()) + " (also drops the slot on the source)",
                "subscription", Model.of().put("subscription", Ident.of(plan.replication().subscription()))
                        .put("subscriptionLiteral", lit(plan.replication().subscription()))
                        .put("publications", Fragment.join(", ", publications)).put("options", Model.items(options))
                        .put("conninfoVar", Ident.of("source_conninfo")).build());
        add("enable-subscription", Plan.Cluster.TARGET, Step.Phase.SYNC, true, Step.LockRisk.NONE,
                "Start the initial copy and streaming.", List.of("the subscription exists"),
                "ALTER SUBSCRIPTION " + Sql.ident(plan.replication().subscription()) + " DISABLE", "enable-subscription",
                Model.of().put("subscription", Ident.of(plan.replication().subscription())).build());
    }

    private static Map<String, Object> option(String name, SqlText value) {
        return Model.of().put("name", Fragment.keyword(name)).put("value", value).build();
    }

    private List<Map<String, Object>> subscriptionOptions(String subscription, int publisher, int subscriber,
                                                           boolean forward) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, String> e : plan.replication().options().entrySet()) {
            if (e.getKey().equals("binary")) {
                continue;
            }
            Capabilities.SubscriptionOption o = Capabilities.SubscriptionOption.named(e.getKey()).orElseThrow();
            Optional<String> why = Capabilities.unsupported(o, e.getValue(), publisher, subscriber);
            if (why.isPresent()) {
                dropped.add(new DroppedOption(subscription, e.getKey(), e.getValue(), why.get()));
            } else {
                out.add(option(e.getKey(), optionValue(e.getValue())));
            }
        }
        if (forward && diff.binary()) {
            out.add(option("binary", Fragment.keyword("true")));
        } else if (forward && plan.replication().options().containsKey("binary")
                && !plan.replication().options().get("binary").equals("false")) {
            dropped.add(new DroppedOption(subscription, "binary", plan.replication().options().get("binary"),
                    Capabilities.unsupported(Capabilities.SubscriptionOption.BINARY, "true", publisher, subscriber)
                            .orElse("column types differ between the clusters; binary transfer needs identical types")));
        }
        out.sort(java.util.Comparator.comparing(m -> m.get("name").toString()));
        return out;
    }

    private static SqlText optionValue(String v) {
        return v.equals("true") || v.equals("false") ? Fragment.keyword(v) : lit(v);
    }

    private void monitoring() {
        Model m = Model.of().put("subscription", lit(plan.replication().subscription()))
                .put("slot", lit(plan.replication().slot())).put("aurora", plan.monitoring().aurora());
        add("monitor-sync", Plan.Cluster.TARGET, Step.Phase.MONITOR, true, Step.LockRisk.NONE,
                "Show the initial sync state per table and the apply lag; run as often as needed.",
                List.of("the subscription is enabled"), "nothing to undo (reads only)", "monitor-target", m.build());
        add("monitor-lag", Plan.Cluster.SOURCE, Step.Phase.MONITOR, true, Step.LockRisk.NONE,
                "Show the replication slot's lag on the source; run as often as needed.",
                List.of("the subscription is enabled"), "nothing to undo (reads only)", "monitor-source", m.build());
    }

    private void switchover(List<TableMove> tables) {
        Switchover sw = plan.switchover();
        List<Map<String, Object>> analyze = tables.stream().map(t -> Model.of().put("table", t.name().quoted()).build()).toList();
        List<Map<String, Object>> matviews = sw.refreshMaterializedViews() ? diff.materializedViews().stream()
                .map(m -> Model.of().put("view", m.quoted()).build()).toList() : List.of();
        add("switchover-prepare", Plan.Cluster.TARGET, Step.Phase.SWITCHOVER, !sw.vacuum(), Step.LockRisk.NONE,
                "Before writes move: refresh planner statistics and materialized views on the target.",
                List.of("every table is in state ready (monitor-sync)"), "nothing to undo", "switchover-prepare",
                Model.of().put("analyze", sw.analyze() ? analyze : List.of()).put("vacuum", sw.vacuum())
                        .put("matviews", matviews).build());
        add("confirm-final-lsn", Plan.Cluster.SOURCE, Step.Phase.SWITCHOVER, true, Step.LockRisk.NONE,
                "After writes stop on the source: wait until the target has confirmed the source's final WAL position.",
                List.of("the application no longer writes to the source"), "nothing to undo (reads only)",
                "confirm-final-lsn", Model.of().put("slot", lit(plan.replication().slot())).put("timeoutSeconds", Fragment.number(300)).build());
        List<Map<String, Object>> seqs = new ArrayList<>();
        for (SequenceMove s : diff.sequences()) {
            seqs.add(Model.of().put("source", s.source().name().quoted()).put("targetRegclass", lit(s.target().name().regclassText()))
                    .put("targetName", lit(s.target().name().quoted().sql()))
                    .put("targetDisplay", lit(s.target().name().display())).build());
        }
        String guard = targetGuardStatement();
        add("sequence-values", Plan.Cluster.SOURCE, Step.Phase.SWITCHOVER, true, Step.LockRisk.NONE,
                "Print the statements that set each target sequence past the source's value (+" + sw.sequenceMargin()
                        + "); pipe them into psql on the target.",
                List.of("the application no longer writes to the source"),
                "nothing to undo on the source; on the target, setval back if needed", "sequence-values",
                Model.of().put("sequences", seqs).put("margin", Fragment.number(sw.sequenceMargin()))
                        .put("setval", sw.sequences() == Switchover.SequenceSync.SETVAL)
                        .put("targetGuard", lit(guard)).build());
        add("drop-subscription", Plan.Cluster.TARGET, Step.Phase.SWITCHOVER, false, Step.LockRisk.NONE,
                "Stop replicating from the old cluster: drop the subscription (and with it the slot on the source).",
                List.of("sequences are synced", "the source's final LSN is confirmed"),
                "recreate the subscription with copy_data = false", "drop-subscription",
                Model.of().put("subscription", Ident.of(plan.replication().subscription()))
                        .put("subscriptionLiteral", lit(plan.replication().subscription())).build());
    }

    private void rollback(List<TableMove> tables) {
        String pub = Sql.fitName(plan.replication().publication() + "_rollback");
        String sub = Sql.fitName(plan.replication().subscription() + "_rollback");
        boolean columnLists = Capabilities.columnLists(diff.targetMajor());
        List<Map<String, Object>> items = new ArrayList<>();
        List<Map<String, Object>> fixes = new ArrayList<>();
        List<Map<String, Object>> checks = new ArrayList<>();
        for (TableMove t : tables) {
            if (t.publish() != TableMove.Publish.ALL) {
                continue;
            }
            List<TableMove.CheckedColumn> back = new ArrayList<>();
            for (String col : t.rollbackColumns()) {
                var tc = t.target().column(col);
                var sc = t.source().column(col);
                if (tc.isPresent() && sc.isPresent()) {
                    TypeChange ch = dev.lrplan.diff.TypeRules.classify(tc.get().type(), sc.get().type());
                    if (ch.kind() == TypeChange.Kind.CHECK) {
                        back.add(new TableMove.CheckedColumn(col, ch));
                    }
                }
            }
            checkModel(t.name(), t.target().kind() != dev.lrplan.catalog.Table.Kind.PARTITIONED, back).ifPresent(checks::add);
            Fragment cols = Fragment.join(", ", t.rollbackColumns().stream().map(Ident::of).toList());
            boolean full = !t.target().hasUsableIdentity();
            if (full) {
                // Once published, UPDATE and DELETE on the new cluster need an identity there too; and
                // PostgreSQL allows no column list with REPLICA IDENTITY FULL (the diff checked that the
                // old cluster has every column of such a table).
                fixes.add(Model.of().put("table", t.name().quoted()).put("identity", Fragment.keyword("FULL")).build());
            }
            items.add(Model.of().put("table", t.name().quoted())
                    .put("columns", columnLists && !full ? Fragment.concat(Fragment.separator(" ("), cols, Fragment.separator(")"))
                            : Fragment.empty()).build());
        }
        add("rollback-publication", Plan.Cluster.TARGET, Step.Phase.ROLLBACK, true, Step.LockRisk.CATALOG,
                "Check that the new cluster's values fit the old cluster's types, then publish its changes back" + (columnLists
                        ? ", limited to the columns the old cluster has (column lists)." : "."),
                List.of("the forward subscription is dropped", "writes go to the new cluster"),
                "DROP PUBLICATION " + Sql.ident(pub), "rollback-publication", Model.of().put("publication", Ident.of(pub))
                        .put("publicationLiteral", lit(pub))
                        .put("fixes", fixes).put("checks", checks)
                        .put("tables", Model.items(items)).put("lockTimeout", lit(plan.lockTimeout())).build());
        List<Map<String, Object>> options = new ArrayList<>();
        options.add(option("copy_data", Fragment.keyword("false")));
        options.add(option("create_slot", Fragment.keyword("true")));
        options.add(option("slot_name", lit(sub)));
        options.addAll(subscriptionOptions(sub, diff.targetMajor(), diff.sourceMajor(), false));
        options.sort(java.util.Comparator.comparing(m -> m.get("name").toString()));
        add("rollback-subscription", Plan.Cluster.SOURCE, Step.Phase.ROLLBACK, false, Step.LockRisk.NONE,
                "Subscribe the old cluster to the new one, without copying: it follows every write from now on.",
                List.of("the rollback publication exists", "psql variable target_conninfo holds the target's connection string"),
                "DROP SUBSCRIPTION " + Sql.ident(sub), "subscription", Model.of().put("subscription", Ident.of(sub))
                        .put("subscriptionLiteral", lit(sub))
                        .put("publications", Ident.of(pub)).put("options", Model.items(options))
                        .put("conninfoVar", Ident.of("target_conninfo")).build());
    }

    private void cleanup() {
        String slot = plan.replication().slot();
        List<String> slots = new ArrayList<>(List.of(slot));
        if (plan.rollback().enabled()) {
            String sub = Sql.fitName(plan.replication().subscription() + "_rollback");
            add("drop-rollback-subscription", Plan.Cluster.SOURCE, Step.Phase.CLEANUP, false, Step.LockRisk.NONE,
                    "After the rollback window: drop the rollback subscription (and its slot on the new cluster).",
                    List.of("the rollback window is over"), "run rollback-subscription again", "drop-subscription",
                    Model.of().put("subscription", Ident.of(sub)).put("subscriptionLiteral", lit(sub)).build());
            add("drop-rollback-publication", Plan.Cluster.TARGET, Step.Phase.CLEANUP, true, Step.LockRisk.CATALOG,
                    "Drop the rollback publication and check that no lrplan slot is left on the new cluster.",
                    List.of("the rollback subscription is dropped"), "run rollback-publication again", "drop-publication",
                    Model.of().put("publications", List.of(Model.of().put("name", Ident.of(Sql.fitName(
                            plan.replication().publication() + "_rollback"))).build()))
                            .put("slots", Model.items(List.of(Model.of().put("slot", lit(sub)).build()))).build());
        }
        List<Map<String, Object>> pubs = new ArrayList<>();
        pubs.add(Model.of().put("name", Ident.of(plan.replication().publication())).build());
        if (diff.tables().stream().anyMatch(t -> t.publish() == TableMove.Publish.INSERT_ONLY)) {
            pubs.add(Model.of().put("name", Ident.of(insertOnlyPublication())).build());
        }
        add("drop-publication", Plan.Cluster.SOURCE, Step.Phase.CLEANUP, true, Step.LockRisk.CATALOG,
                "Drop the forward publication and check that no slot of this plan is left on the old cluster.",
                List.of("the forward subscription is dropped"), "run publication again", "drop-publication",
                Model.of().put("publications", pubs).put("slots", Model.items(slots.stream()
                        .map(s -> Model.of().put("slot", lit(s)).build()).toList())).build());
    }

    private void driftCleanup(List<TableMove> tables) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (TableMove t : tables) {
            List<String> dropped = new ArrayList<>();
            t.shims().forEach(s -> dropped.add(s.column()));
            t.renames().forEach(r -> dropped.add(r.oldColumn()));
            if (dropped.isEmpty()) {
                continue;
            }
            List<String> keep = t.target().primaryKey() != null ? t.target().primaryKey().columns() : List.of();
            List<String> backupCols = new ArrayList<>(keep);
            dropped.forEach(c -> {
                if (!backupCols.contains(c)) {
                    backupCols.add(c);
                }
            });
            items.add(Model.of().put("table", t.name().quoted()).put("tableLiteral", lit(t.name().regclassText()))
                    .put("firstDropLiteral", lit(dropped.get(0)))
                    .put("backup", Fragment.qualified(BACKUP_SCHEMA, Sql.fitName(t.name().schema() + "." + t.name().name())))
                    .put("backupColumns", Fragment.join(", ", backupCols.stream().map(Ident::of).toList()))
                    .put("drops", Model.items(dropped.stream().map(c -> Model.of().put("column", Ident.of(c)).build()).toList()))
                    .put("hasRename", !t.renames().isEmpty())
                    .put("function", Fragment.qualified(t.name().schema(), renameFunction(t.name())))
                    .build());
        }
        add("drift-cleanup", Plan.Cluster.TARGET, Step.Phase.CLEANUP, true, Step.LockRisk.TABLE,
                "After the rollback window: back up each shim column's data, then drop the shims and rename triggers, "
                        + "one transaction per table.",
                List.of("the rollback window is over", "no subscription writes to the target"),
                "restore the columns from " + BACKUP_SCHEMA + " (the backup tables keep the primary key)",
                "drift-cleanup", Model.of().put("tables", items).put("empty", items.isEmpty())
                        .put("backupSchema", Ident.of(BACKUP_SCHEMA)).put("lockTimeout", lit(plan.lockTimeout())).build());
    }

    private void extraSteps(String after) {
        for (Plan.ExtraStep e : plan.extraSteps()) {
            if (!e.after().equals(after)) {
                continue;
            }
            placed.add(e);
            String base = e.file().getFileName().toString().replaceAll("\\.sql$", "").toLowerCase(java.util.Locale.ROOT)
                    .replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
            String content;
            try {
                content = java.nio.file.Files.readString(e.file(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException("cannot read extra step " + e.file(), ex);
            }
            add("user-" + (base.isEmpty() ? "step" : base), e.cluster(), Step.Phase.USER, true, Step.LockRisk.CATALOG,
                    "The plan's own script " + e.file().getFileName() + ", included verbatim.",
                    List.of("step " + after + " has run"), "as the script's author describes", "user-step",
                    Model.of().put("file", CommentText.of(e.file().getFileName().toString())).put("content", Fragment.verbatim(content)).build());
        }
    }

    // ---- helpers ----

    private void add(String name, Plan.Cluster cluster, Step.Phase phase, boolean transactional, Step.LockRisk lock,
                     String purpose, List<String> preconditions, String undo, String template, Map<String, Object> model) {
        int number = steps.size() + 1;
        Step draft = new Step(number, name, cluster, phase, transactional, lock, purpose, preconditions, undo, template, Map.of());
        // The tag of the step's own DO blocks: one that no value of the step contains, so no name can end the block.
        Model m = Model.of().putAll(model).putAll(header(draft)).putAll(guard(cluster, draft.fileName()))
                .put("doTag", Fragment.dollarTag("lrplan", model.toString()));
        steps.add(new Step(number, name, cluster, phase, transactional, lock, purpose, preconditions, undo, template, m.build()));
        // User steps follow the step they name; after both preflights, they follow the target's.
        if (!name.startsWith("user-") && !(name.equals("preflight") && cluster == Plan.Cluster.SOURCE)) {
            extraSteps(name);
        }
    }

    private static Map<String, Object> header(Step s) {
        return Model.of().put("file", CommentText.of(s.fileName())).put("purpose", CommentText.of(s.purpose()))
                .put("clusterName", CommentText.of(s.cluster().name().toLowerCase(java.util.Locale.ROOT)))
                .put("preconditions", s.preconditions().stream().map(CommentText::of).toList())
                .put("transactional", CommentText.of(s.transactional() ? "yes"
                        : "no (runs statement by statement, outside a transaction block)"))
                .put("lockRisk", CommentText.of(switch (s.lockRisk()) {
                    case NONE -> "none";
                    case CATALOG -> "brief catalog locks";
                    case TABLE -> "ACCESS EXCLUSIVE on the tables named (lock_timeout bounds the wait)";
                }))
                .put("undo", CommentText.of(s.undo())).build();
    }

    private Map<String, Object> guard(Plan.Cluster cluster, String file) {
        Catalog c = cluster == Plan.Cluster.SOURCE ? source : target;
        int major = cluster == Plan.Cluster.SOURCE ? diff.sourceMajor() : diff.targetMajor();
        Optional<ServerInfo> s = c.serverInfo();
        String sysid = s.map(ServerInfo::systemIdentifier).orElse(null);
        String db = s.map(ServerInfo::database).orElse(null);
        String clusterName = cluster.name().toLowerCase(java.util.Locale.ROOT);
        String majorLabel = ServerInfo.majorLabel(major);
        Literal fileLit = lit(file);
        return Model.of().put("guardMajor", Fragment.number(major))
                .put("guardMajorLabel", lit(majorLabel)).put("guardCluster", lit(clusterName)).put("guardFile", fileLit)
                .put("guardDatabase", Optional.ofNullable(db).map(Compiler::lit))
                .put("guardSystemIdentifier", Optional.ofNullable(sysid).map(Compiler::lit))
                .put("guardTag", Fragment.dollarTag("lrplan_guard", fileLit.sql(), db == null ? "" : lit(db).sql())).build();
    }

    /** The guard of the target, as one statement, for output that a source step prints for the target. */
    private String targetGuardStatement() {
        Map<String, Object> g = guard(Plan.Cluster.TARGET, "sequence values");
        StringBuilder b = new StringBuilder("DO ").append(g.get("guardTag")).append(" BEGIN IF (SELECT CASE WHEN v >= 100000 "
                + "THEN v / 10000 ELSE v / 100 END FROM (SELECT current_setting('server_version_num')::int AS v) s) <> ")
                .append(g.get("guardMajor")).append(" THEN RAISE EXCEPTION 'lrplan: sequence values must be applied on "
                        + "the target cluster (PostgreSQL %), not on PostgreSQL %', ").append(g.get("guardMajorLabel"))
                .append(", current_setting('server_version'); END IF;");
        if (g.get("guardDatabase") instanceof Literal db) {
            b.append(" IF current_database() <> ").append(db).append(" THEN RAISE EXCEPTION 'lrplan: sequence values "
                    + "must be applied in database %, not %', ").append(db).append(", current_database(); END IF;");
        }
        return b.append(" END ").append(g.get("guardTag")).append(";").toString();
    }

    private Optional<Literal> timeZoneCheck() {
        boolean needed = diff.tables().stream().anyMatch(t -> t.source().columns().stream().anyMatch(sc ->
                t.target().column(sc.name()).map(tc -> dev.lrplan.diff.TypeRules.classify(sc.type(), tc.type()).kind()
                        == TypeChange.Kind.SETTING).orElse(false)));
        String tz = source.serverInfo().map(s -> s.settings().get("TimeZone")).orElse(null);
        return needed && tz != null ? Optional.of(lit(tz)) : Optional.empty();
    }

    static String renameFunction(QualifiedName table) {
        return "lrplan_rename_" + Sql.shortHash(table.sql());
    }

    private static Literal lit(String s) {
        return Literal.of(s);
    }
}
