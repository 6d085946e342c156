package dev.lrplan.compile.strategy;

import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.catalog.ServerInfo;
import dev.lrplan.compile.step.CompileContext;
import dev.lrplan.compile.step.Model;
import dev.lrplan.compile.step.Step;
import dev.lrplan.compile.step.StepSpec;
import dev.lrplan.contract.Cluster;
import dev.lrplan.diag.Diagnostic;
import dev.lrplan.diag.DiagnosticException;
import dev.lrplan.diff.TableMove;
import dev.lrplan.sql.Fragment;
import dev.lrplan.sql.Ident;
import dev.lrplan.sql.Literal;
import dev.lrplan.sql.SqlText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The copy-data step of snapshot-copy. {@code lrplan apply} runs the copy itself (apply/copy); the
 * step's script is the same copy by hand: one psql session becomes a replication connection,
 * creates the slot with an exported snapshot and, while it stays idle, runs pg_dump with {@code
 * --snapshot} and pg_restore through {@code \\set …} backquotes.
 */
final class SnapshotCopy {
    private SnapshotCopy() {}

    static void add(CompileContext c) {
        String slot = c.plan().replication().slot();
        int sourceMajor = c.diff().sourceMajor();
        List<Map<String, Object>> tables = new ArrayList<>();
        List<SqlText> quoted = new ArrayList<>();
        int n = 0;
        java.util.Set<QualifiedName> named = new java.util.HashSet<>();
        Map<QualifiedName, List<QualifiedName>> children = new java.util.HashMap<>();
        for (dev.lrplan.catalog.Table t : c.source().tables()) {
            if (t.partitionOf() != null) {
                children.computeIfAbsent(t.partitionOf(), k -> new ArrayList<>()).add(t.name());
            }
        }
        for (TableMove t : c.diff().tables()) {
            quoted.add(t.name().quoted());
            // pg_dump's data of a partitioned table is its partitions' data: they are named too.
            for (QualifiedName name : withPartitions(children, t.name())) {
                if (!named.add(name)) {
                    continue;
                }
                n++;
                String pattern = pattern(name);
                requireExact(c, name, pattern);
                tables.add(
                        Model.of()
                                .put("n", Fragment.number(n))
                                .put("pattern", Fragment.psqlArgument(pattern))
                                .build());
            }
        }
        c.steps()
                .add(
                        new StepSpec(
                                "copy-data",
                                Cluster.SOURCE,
                                Step.Phase.SYNC,
                                false,
                                Step.LockRisk.NONE,
                                "Create the slot with an exported snapshot and copy every table under it (ACCESS"
                                        + " SHARE on each table while it is read); lrplan apply copies in"
                                        + " parallel itself, this script does it with pg_dump and pg_restore.",
                                List.of(
                                        "the publication exists",
                                        "the target tables are empty and their secondary indexes deferred",
                                        "by hand: pg_dump and pg_restore "
                                                + ServerInfo.majorLabel(sourceMajor)
                                                + " or later, psql variables source_conninfo and"
                                                + " target_conninfo"),
                                "SELECT pg_drop_replication_slot("
                                        + Literal.of(slot).sql()
                                        + ") on the source, then TRUNCATE the tables on the target",
                                "snapshot-copy/copy-data"),
                        Model.of()
                                .put("slot", Ident.of(slot))
                                .put(
                                        "sourceMajorLabel",
                                        dev.lrplan.sql.CommentText.of(
                                                ServerInfo.majorLabel(sourceMajor)))
                                .put("slotLiteral", Literal.of(slot))
                                .put(
                                        "exportClause",
                                        sourceMajor >= 15
                                                ? Fragment.rule(
                                                        "(SNAPSHOT %s)", Literal.of("export"))
                                                : Fragment.keyword("EXPORT_SNAPSHOT"))
                                .put("tables", Model.items(tables))
                                .put(
                                        "truncate",
                                        Fragment.psqlArgument(
                                                "TRUNCATE " + Fragment.join(", ", quoted).sql()))
                                .build());
    }

    /** The table and, when it is partitioned, every partition under it on the source. */
    private static List<QualifiedName> withPartitions(
            Map<QualifiedName, List<QualifiedName>> children, QualifiedName root) {
        List<QualifiedName> out = new ArrayList<>(List.of(root));
        for (int i = 0; i < out.size(); i++) {
            out.addAll(children.getOrDefault(out.get(i), List.of()));
        }
        return out;
    }

    /**
     * The table as a pg_dump pattern that matches it alone: each part in double quotes (where
     * pg_dump takes every character literally), except a line break, which psql cannot pass to a
     * shell command; it becomes an unquoted {@code ?} (any one character).
     */
    static String pattern(QualifiedName name) {
        return part(name.schema()) + "." + part(name.name());
    }

    private static String part(String s) {
        StringBuilder b = new StringBuilder();
        boolean open = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\n' || ch == '\r') {
                if (open) {
                    b.append('"');
                    open = false;
                }
                b.append('?');
            } else {
                if (!open) {
                    b.append('"');
                    open = true;
                }
                b.append(ch == '"' ? "\"\"" : String.valueOf(ch));
            }
        }
        if (open) {
            b.append('"');
        }
        return b.toString();
    }

    /**
     * A pattern with {@code ?} could match a second relation; then the by-hand copy would copy it
     * too, so the plan is refused.
     */
    private static void requireExact(CompileContext c, QualifiedName name, String pattern) {
        if (!(name.schema() + name.name()).matches("(?s).*[\\n\\r].*")) {
            return;
        }
        Pattern schema = regex(name.schema());
        Pattern rel = regex(name.name());
        List<QualifiedName> others =
                Stream.concat(
                                c.source().tables().stream().map(t -> t.name()),
                                c.source().sequences().stream().map(s -> s.name()))
                        .filter(o -> !o.equals(name))
                        .filter(
                                o ->
                                        schema.matcher(o.schema()).matches()
                                                && rel.matcher(o.name()).matches())
                        .toList();
        if (!others.isEmpty()) {
            throw new DiagnosticException(
                    List.of(
                            Diagnostic.ofFile(
                                    c.plan().file().toString(),
                                    "snapshot-copy: table "
                                            + dev.lrplan.sql.Sql.printable(name.display())
                                            + " has a line break in its name, which the by-hand copy step"
                                            + " must match with a wildcard, and that wildcard matches "
                                            + dev.lrplan.sql.Sql.printable(others.get(0).display())
                                            + " too; rename one of them, or exclude one")));
        }
    }

    private static Pattern regex(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            b.append(ch == '\n' || ch == '\r' ? "." : Pattern.quote(String.valueOf(ch)));
        }
        return Pattern.compile(b.toString(), Pattern.DOTALL);
    }
}
