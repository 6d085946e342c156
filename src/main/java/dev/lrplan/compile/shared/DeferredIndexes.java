package dev.lrplan.compile.shared;

import dev.lrplan.catalog.SecondaryIndex;
import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.Model;
import dev.lrplan.compile.step.Step;
import dev.lrplan.compile.step.StepSpec;
import dev.lrplan.contract.Cluster;
import dev.lrplan.diff.TableMove;
import dev.lrplan.sql.Fragment;
import dev.lrplan.sql.Ident;
import dev.lrplan.sql.Literal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code replication.defer_indexes}: the target's secondary indexes go before the initial copy and
 * come back after it, so the copy writes bare tables with their primary keys. Which indexes: those
 * the target catalog lists as {@link SecondaryIndex} on a table that moves, except the index the
 * target-schema step makes the replica identity. Both steps are built from the catalog's parts, so
 * they read the same whether the target came from a live URL, a snapshot or a schema file.
 */
public final class DeferredIndexes {
    private DeferredIndexes() {}

    /** One deferred index, for the steps and REVIEW.md. */
    public record Deferred(TableMove table, SecondaryIndex index) {}

    public static List<Deferred> of(CompileContext c) {
        if (!c.plan().replication().deferIndexes()) {
            return List.of();
        }
        List<Deferred> out = new ArrayList<>();
        for (TableMove t : c.diff().tables()) {
            if (t.target() == null) {
                continue;
            }
            for (SecondaryIndex ix : t.target().secondaryIndexes()) {
                if (!ix.name().equals(t.identityFix().targetIndex())) {
                    out.add(new Deferred(t, ix));
                }
            }
        }
        return out;
    }

    /** Before the copy: check that each index is still what was compiled, then drop it. */
    public static void drop(CompileContext c) {
        List<Deferred> all = of(c);
        if (all.isEmpty()) {
            return;
        }
        c.steps()
                .add(
                        new StepSpec(
                                "defer-indexes",
                                Cluster.TARGET,
                                Step.Phase.SYNC,
                                true,
                                Step.LockRisk.TABLE,
                                "Drop "
                                        + all.size()
                                        + " secondary index(es) on the target before the initial copy;"
                                        + " build-indexes builds them again from the same parts after it.",
                                List.of("the target tables are empty", "no subscription yet"),
                                "run build-indexes (it creates each index listed here)",
                                "defer-indexes"),
                        Model.of()
                                .put("indexes", Model.items(items(all)))
                                .put("lockTimeout", c.lockTimeout())
                                .build());
    }

    /** After the copy: build every deferred index again; apply runs them on --jobs connections. */
    public static void build(CompileContext c) {
        List<Deferred> all = of(c);
        if (all.isEmpty()) {
            return;
        }
        c.steps()
                .add(
                        new StepSpec(
                                "build-indexes",
                                Cluster.TARGET,
                                Step.Phase.SYNC,
                                false,
                                Step.LockRisk.TABLE,
                                "Build the "
                                        + all.size()
                                        + " secondary index(es) that defer-indexes dropped; lrplan apply builds"
                                        + " them in parallel (apply --jobs), psql one after another.",
                                List.of("the initial copy has finished"),
                                "DROP INDEX on each index listed (only to go back to before the copy)",
                                "build-indexes"),
                        Model.of()
                                .put("indexes", Model.items(items(all)))
                                .put(
                                        "maintenanceWorkMem",
                                        c.plan()
                                                .replication()
                                                .maintenanceWorkMem()
                                                .map(Literal::of))
                                .build());
    }

    private static List<Map<String, Object>> items(List<Deferred> all) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Deferred d : all) {
            SecondaryIndex ix = d.index();
            String schema = d.table().name().schema();
            out.add(
                    Model.of()
                            .put("table", d.table().name().quoted())
                            .put("tableLiteral", Literal.of(d.table().name().quoted().sql()))
                            .put("schemaLiteral", Literal.of(schema))
                            .put("index", Ident.of(ix.name()))
                            .put("qualifiedIndex", Fragment.qualified(schema, ix.name()))
                            .put("indexLiteral", Literal.of(ix.name()))
                            .put("unique", ix.unique())
                            .put("uniqueSql", Fragment.keyword(Boolean.toString(ix.unique())))
                            .put("constraint", ix.constraint())
                            .put("method", Ident.of(ix.method()))
                            .put("methodLiteral", Literal.of(ix.method()))
                            .put(
                                    "columns",
                                    Fragment.join(
                                            ", ", ix.columns().stream().map(Ident::of).toList()))
                            .put(
                                    "columnsLiteral",
                                    Fragment.rule(
                                            "ARRAY[%s]::text[]",
                                            Fragment.join(
                                                    ", ",
                                                    ix.columns().stream()
                                                            .map(Literal::of)
                                                            .toList())))
                            .build());
        }
        return out;
    }
}
