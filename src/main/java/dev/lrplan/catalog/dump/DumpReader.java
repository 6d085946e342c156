package dev.lrplan.catalog.dump;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.catalog.Column;
import dev.lrplan.catalog.Extension;
import dev.lrplan.catalog.Index;
import dev.lrplan.catalog.MaterializedView;
import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.catalog.Schema;
import dev.lrplan.catalog.Sequence;
import dev.lrplan.catalog.Table;
import dev.lrplan.diag.Diagnostic;
import dev.lrplan.sql.Lexer;
import dev.lrplan.sql.Statement;
import dev.lrplan.sql.StatementSplitter;
import dev.lrplan.sql.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;

/**
 * Reads the output of {@code pg_dump --schema-only} (or a hand-written schema file) into a {@link
 * Catalog}: tables and their columns, types, defaults, NOT NULL, primary keys, unique constraints,
 * replica identity, owners, partitions, sequences and their ownership, materialized views and
 * extensions. CREATE TABLE goes through JSqlParser; the ALTER and CREATE SEQUENCE shapes pg_dump
 * emits are read from tokens. Statements of no use are counted, never fatal; a statement that
 * matters but cannot be read is reported by name, never silently dropped.
 */
public final class DumpReader {
    private final String file;
    private final Map<QualifiedName, TableDraft> tables = new LinkedHashMap<>();
    private final Map<QualifiedName, SequenceDraft> sequences = new LinkedHashMap<>();
    private final Map<String, String> schemas = new TreeMap<>();
    private final List<MaterializedView> matviews = new ArrayList<>();
    private final List<Extension> extensions = new ArrayList<>();
    private final Map<String, Integer> skipped = new TreeMap<>();
    private final List<Diagnostic> unread = new ArrayList<>();
    private final Map<QualifiedName, String> matviewOwners = new LinkedHashMap<>();

    private DumpReader(String file) {
        this.file = file;
    }

    public static SchemaFile read(String sql, String file) {
        DumpReader r = new DumpReader(file);
        List<Statement> all = StatementSplitter.split(sql);
        Object[] parsed = CreateTables.parseAll(all);
        for (int i = 0; i < all.size(); i++) {
            r.parsed = parsed[i];
            r.statement(all.get(i));
        }
        return r.result();
    }

    /** The current statement's parse, when CreateTables made it ahead (null: parse it here). */
    private Object parsed;

    private void statement(Statement st) {
        if (st.metaCommand()) {
            skip("psql meta-command");
            return;
        }
        List<Token> tokens = Lexer.tokens(st.text());
        Cursor c = new Cursor(tokens);
        if (c.accept("create", "table") || c.accept("create", "unlogged", "table")) {
            createTable(st, tokens.get(1).is("unlogged"));
        } else if (c.accept("create", "sequence")) {
            createSequence(st, c);
        } else if (c.accept("create", "schema")) {
            c.accept("if", "not", "exists");
            c.identifier().ifPresent(s -> schemas.putIfAbsent(s, ""));
        } else if (c.accept("create", "materialized", "view")) {
            c.accept("if", "not", "exists");
            c.qualifiedName("public")
                    .ifPresentOrElse(
                            n ->
                                    matviews.add(
                                            new MaterializedView(
                                                    n,
                                                    "",
                                                    !st.text()
                                                            .matches(
                                                                    "(?is).*with\\s+no\\s+data\\s*"))),
                            () -> unreadable(st, "CREATE MATERIALIZED VIEW"));
        } else if (c.accept("create", "extension")) {
            c.accept("if", "not", "exists");
            Optional<String> name = c.identifier();
            String schema = "public";
            if (c.accept("with", "schema") || c.accept("schema")) {
                schema = c.identifier().orElse(schema);
            }
            String s = schema;
            name.ifPresent(n -> extensions.add(new Extension(n, "", s)));
        } else if (c.accept("create", "unique", "index")) {
            createUniqueIndex(st, c);
        } else if (c.accept("create", "index")) {
            createIndex(c);
        } else if (c.accept("alter", "table")) {
            alterTable(st, c);
        } else if (c.accept("alter", "sequence")) {
            alterSequence(st, c);
        } else if (c.accept("alter", "schema")) {
            Optional<String> name = c.identifier();
            if (name.isPresent() && c.accept("owner", "to")) {
                c.identifier().ifPresent(o -> schemas.put(name.get(), o));
            } else {
                skip("ALTER SCHEMA");
            }
        } else {
            skip(kind(tokens));
        }
    }

    private void skip(String kind) {
        skipped.merge(kind, 1, Integer::sum);
    }

    private void unreadable(Statement st, String what) {
        unread.add(
                new Diagnostic(
                        file,
                        st.line(),
                        st.column(),
                        what + " could not be read; the catalog lacks it"));
    }

    /** The statement's leading keywords, as a kind for the skipped-statement counts. */
    private static String kind(List<Token> tokens) {
        List<String> words = new ArrayList<>();
        for (Token t : tokens) {
            if (t.kind() != Token.Kind.WORD || words.size() == 3) {
                break;
            }
            words.add(t.text().toUpperCase(Locale.ROOT));
            if (words.size() == 1
                    && List.of("SET", "SELECT", "GRANT", "REVOKE", "COMMENT")
                            .contains(words.get(0))) {
                break;
            }
            if (words.size() == 2
                    && !List.of("OR", "UNIQUE", "DEFAULT", "TRUSTED", "PROCEDURAL")
                            .contains(words.get(1))) {
                break;
            }
        }
        return words.isEmpty() ? "other" : String.join(" ", words);
    }

    // ---- CREATE TABLE ----

    private void createTable(Statement st, boolean unlogged) {
        Cursor names = new Cursor(Lexer.tokens(st.text()));
        names.accept("create");
        names.accept("unlogged");
        names.accept("table");
        names.accept("if", "not", "exists");
        String label =
                names.qualifiedName("public").map(QualifiedName::display).orElse("(unnamed)");
        if (names.accept("partition", "of")) {
            unread.add(
                    new Diagnostic(
                            file,
                            st.line(),
                            st.column(),
                            "CREATE TABLE "
                                    + label
                                    + " PARTITION OF … is not read (pg_dump writes partitions as CREATE TABLE plus ATTACH PARTITION);"
                                    + " the catalog lacks this table"));
            return;
        }
        CreateTable ct;
        try {
            Object result = parsed != null ? parsed : CreateTables.parse(st.text());
            if (result instanceof JSQLParserException e) {
                throw e;
            }
            if (result instanceof RuntimeException e) {
                throw e;
            }
            if (!(result instanceof CreateTable t) || t.getColumnDefinitions() == null) {
                unreadable(st, "CREATE TABLE " + label);
                return;
            }
            ct = t;
        } catch (JSQLParserException | RuntimeException e) {
            unread.add(
                    new Diagnostic(
                            file,
                            st.line(),
                            st.column(),
                            "CREATE TABLE "
                                    + label
                                    + " could not be parsed; the catalog lacks this table"));
            return;
        }
        QualifiedName name =
                new QualifiedName(
                        ct.getTable().getSchemaName() == null
                                ? "public"
                                : unquote(ct.getTable().getSchemaName()),
                        unquote(ct.getTable().getName()));
        TableDraft t = new TableDraft(name, unlogged);
        List<String> tableOptions =
                ct.getTableOptionsStrings() == null ? List.of() : ct.getTableOptionsStrings();
        if (tableOptions.size() >= 2
                && tableOptions.get(0).equalsIgnoreCase("partition")
                && tableOptions.get(1).equalsIgnoreCase("by")) {
            t.partitioned = true;
        }
        int position = 0;
        Map<String, RawColumns.Expressions> raw = RawColumns.of(st.text());
        for (ColumnDefinition cd : ct.getColumnDefinitions()) {
            ColumnDraft col = column(name, cd, ++position, t);
            RawColumns.Expressions exact = raw.get(col.name);
            if (exact != null && !Types.isSerial(cd.getColDataType().getDataType())) {
                col.defaultExpr = exact.defaultExpr();
                col.generated = exact.generated();
            }
            t.columns.add(col);
        }
        if (ct.getIndexes() != null) {
            for (net.sf.jsqlparser.statement.create.table.Index ix : ct.getIndexes()) {
                if (ix.getColumns() == null
                        || ix instanceof net.sf.jsqlparser.statement.create.table.CheckConstraint) {
                    // CHECK and EXCLUDE constraints: nothing lrplan reads (no key, no identity).
                    continue;
                }
                List<String> cols = ix.getColumnsNames().stream().map(DumpReader::unquote).toList();
                String type = ix.getType() == null ? "" : ix.getType().toUpperCase(Locale.ROOT);
                String ixName = ix.getName() == null ? null : unquote(ix.getName());
                if (type.contains("PRIMARY")) {
                    t.primaryKey =
                            new Index(
                                    ixName == null ? name.name() + "_pkey" : ixName,
                                    cols,
                                    true,
                                    false);
                    t.notNull.addAll(cols);
                } else if (type.contains("UNIQUE")) {
                    t.unique.add(
                            new IndexDraft(
                                    ixName == null
                                            ? name.name() + "_" + String.join("_", cols) + "_key"
                                            : ixName,
                                    cols,
                                    true));
                }
            }
        }
        t.checks.addAll(checks(st.text()));
        tables.put(name, t);
    }

    private ColumnDraft column(
            QualifiedName table, ColumnDefinition cd, int position, TableDraft t) {
        String name = unquote(cd.getColumnName());
        String rawType = cd.getColDataType().getDataType();
        List<String> args = cd.getColDataType().getArgumentsStringList();
        if (args != null && !args.isEmpty()) {
            rawType = rawType + "(" + String.join(",", args) + ")";
        }
        int dims =
                cd.getColDataType().getArrayData() == null
                        ? 0
                        : cd.getColDataType().getArrayData().size();
        ColumnDraft col = new ColumnDraft(name, position, Types.normalize(rawType, dims));
        List<String> specs = cd.getColumnSpecs() == null ? List.of() : cd.getColumnSpecs();
        for (int i = 0; i < specs.size(); i++) {
            String s = specs.get(i).toUpperCase(Locale.ROOT);
            if (s.equals("NOT")
                    && i + 1 < specs.size()
                    && specs.get(i + 1).equalsIgnoreCase("NULL")) {
                col.notNull = true;
                i++;
            } else if (s.equals("PRIMARY")
                    && i + 1 < specs.size()
                    && specs.get(i + 1).equalsIgnoreCase("KEY")) {
                t.primaryKey = new Index(table.name() + "_pkey", List.of(name), true, false);
                col.notNull = true;
                i++;
            } else if (s.equals("UNIQUE")) {
                t.unique.add(
                        new IndexDraft(table.name() + "_" + name + "_key", List.of(name), true));
            } else if (s.equals("COLLATE") && i + 1 < specs.size()) {
                String coll = specs.get(++i);
                col.collation = unquote(coll.substring(coll.lastIndexOf('.') + 1));
            } else if (s.equals("DEFAULT")
                    || (s.equals("GENERATED")
                            && specs.size() > i + 2
                            && specs.get(i + 1).equalsIgnoreCase("ALWAYS")
                            && specs.get(i + 2).equalsIgnoreCase("AS")
                            && specs.size() > i + 3
                            && specs.get(i + 3).startsWith("("))) {
                i = expressionEnd(specs, i + 1) - 1; // the exact text comes from RawColumns
            } else if (s.equals("GENERATED")) {
                col.identity =
                        specs.size() > i + 1 && specs.get(i + 1).equalsIgnoreCase("ALWAYS")
                                ? Column.Identity.ALWAYS
                                : Column.Identity.BY_DEFAULT;
                col.notNull = true;
            }
        }
        if (Types.isSerial(rawType)) {
            QualifiedName seq =
                    new QualifiedName(table.schema(), table.name() + "_" + name + "_seq");
            col.notNull = true;
            col.defaultExpr = "nextval('" + seq.regclassText().replace("'", "''") + "'::regclass)";
            SequenceDraft sd = new SequenceDraft(seq);
            sd.dataType = col.type;
            sd.ownedBy = table;
            sd.ownedByColumn = name;
            sequences.put(seq, sd);
        }
        return col;
    }

    private static final List<String> COLUMN_KEYWORDS =
            List.of(
                    "NOT",
                    "NULL",
                    "COLLATE",
                    "PRIMARY",
                    "UNIQUE",
                    "REFERENCES",
                    "CHECK",
                    "CONSTRAINT",
                    "GENERATED",
                    "DEFAULT");

    private static int expressionEnd(List<String> specs, int from) {
        int i = from;
        while (i < specs.size()
                && (i == from
                        || !COLUMN_KEYWORDS.contains(specs.get(i).toUpperCase(Locale.ROOT)))) {
            i++;
        }
        return i;
    }

    static String unquote(String identifier) {
        if (identifier.length() >= 2 && identifier.startsWith("\"") && identifier.endsWith("\"")) {
            return identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"");
        }
        return identifier.toLowerCase(Locale.ROOT);
    }

    // ---- sequences ----

    private void createSequence(Statement st, Cursor c) {
        c.accept("if", "not", "exists");
        Optional<QualifiedName> name = c.qualifiedName("public");
        if (name.isEmpty()) {
            unreadable(st, "CREATE SEQUENCE");
            return;
        }
        SequenceDraft s = sequences.computeIfAbsent(name.get(), SequenceDraft::new);
        sequenceOptions(c, s);
    }

    private static void sequenceOptions(Cursor c, SequenceDraft s) {
        while (!c.atEnd()) {
            if (c.accept("as")) {
                StringBuilder type = new StringBuilder(c.next().text());
                if (type.toString().equals("double") || type.toString().equals("character")) {
                    type.append(' ').append(c.next().text());
                }
                s.dataType = Types.normalize(type.toString(), 0);
            } else if (c.accept("start", "with") || c.accept("start")) {
                c.number().ifPresent(v -> s.start = v);
            } else if (c.accept("increment", "by") || c.accept("increment")) {
                c.number().ifPresent(v -> s.increment = v);
            } else if (c.accept("minvalue")) {
                c.number().ifPresent(v -> s.min = v);
            } else if (c.accept("maxvalue")) {
                c.number().ifPresent(v -> s.max = v);
            } else if (c.accept("no", "cycle")) {
                s.cycle = false;
            } else if (c.accept("cycle")) {
                s.cycle = true;
            } else {
                c.next(); // NO MINVALUE, NO MAXVALUE, CACHE n, OWNED BY (read elsewhere)
            }
        }
    }

    private void alterSequence(Statement st, Cursor c) {
        Optional<QualifiedName> name = c.qualifiedName("public");
        if (name.isPresent() && c.accept("owned", "by")) {
            Optional<String> a = c.identifier();
            Optional<String> b = c.accept(".") ? c.identifier() : Optional.empty();
            Optional<String> d = c.accept(".") ? c.identifier() : Optional.empty();
            SequenceDraft s = sequences.computeIfAbsent(name.get(), SequenceDraft::new);
            if (a.isPresent() && b.isPresent() && d.isPresent()) {
                s.ownedBy = new QualifiedName(a.get(), b.get());
                s.ownedByColumn = d.get();
            } else if (a.isPresent() && b.isPresent()) {
                s.ownedBy = new QualifiedName("public", a.get());
                s.ownedByColumn = b.get();
            }
        } else if (name.isPresent() && c.accept("owner", "to")) {
            skip("ALTER SEQUENCE OWNER");
        } else {
            skip("ALTER SEQUENCE");
        }
    }

    // ---- ALTER TABLE ----

    private void alterTable(Statement st, Cursor c) {
        c.accept("if", "exists");
        c.accept("only");
        Optional<QualifiedName> name = c.qualifiedName("public");
        if (name.isEmpty()) {
            unreadable(st, "ALTER TABLE");
            return;
        }
        TableDraft t = tables.get(name.get());
        if (t == null) {
            if (c.accept("owner", "to")) {
                // ALTER TABLE … OWNER TO also names sequences, views and materialized views
                c.identifier()
                        .ifPresent(
                                o -> {
                                    if (matviews.stream()
                                            .anyMatch(m -> m.name().equals(name.get()))) {
                                        matviewOwners.put(name.get(), o);
                                    }
                                });
                skip("ALTER TABLE OWNER (not a table)");
                return;
            }
            unread.add(
                    new Diagnostic(
                            file,
                            st.line(),
                            st.column(),
                            "ALTER TABLE "
                                    + name.get().display()
                                    + " names a table this file does not create; ignored"));
            return;
        }
        if (c.accept("owner", "to")) {
            c.identifier().ifPresent(o -> t.owner = o);
        } else if (c.accept("add", "constraint")) {
            Optional<String> cname = c.identifier();
            if (c.accept("primary", "key")) {
                c.identifierList()
                        .ifPresentOrElse(
                                cols -> {
                                    t.primaryKey =
                                            new Index(
                                                    cname.orElse(name.get().name() + "_pkey"),
                                                    cols,
                                                    true,
                                                    false);
                                    t.notNull.addAll(cols);
                                },
                                () -> unreadable(st, "PRIMARY KEY of " + name.get().display()));
            } else if (c.accept("unique")) {
                // 15 and later: UNIQUE NULLS [NOT] DISTINCT (a, b)
                if (!c.accept("nulls", "not", "distinct")) {
                    c.accept("nulls", "distinct");
                }
                c.identifierList()
                        .ifPresentOrElse(
                                cols -> {
                                    boolean immediate =
                                            !c.contains("deferrable") || c.contains("not");
                                    t.unique.add(
                                            new IndexDraft(
                                                    cname.orElse("unique"), cols, immediate));
                                    c.accept(";");
                                    if (cname.isPresent() && c.atEnd() && !t.partitioned) {
                                        t.secondary.add(
                                                new SecondaryDraft(
                                                        cname.get(), true, true, "btree", cols));
                                    }
                                },
                                () -> skip("ALTER TABLE ADD CONSTRAINT UNIQUE (expression)"));
            } else if (c.accept("check")) {
                List<dev.lrplan.catalog.Check> found = checks(st.text());
                if (found.isEmpty()) {
                    skip("ALTER TABLE ADD CONSTRAINT CHECK (unnamed)");
                } else {
                    t.checks.addAll(found);
                }
            } else if (c.accept("foreign", "key")) {
                c.identifierList();
                if (c.accept("references")) {
                    Optional<QualifiedName> ref = c.qualifiedName("public");
                    Optional<List<String>> refCols = c.identifierList();
                    if (ref.isPresent()) {
                        // A foreign key depends on the unique index of the columns it references;
                        // that index stays in place.
                        referenced.add(
                                new Referenced(
                                        ref.get(),
                                        refCols.map(java.util.Set::copyOf).orElse(null)));
                    }
                }
                skip("ALTER TABLE ADD CONSTRAINT FOREIGN KEY");
            } else {
                skip("ALTER TABLE ADD CONSTRAINT (exclusion)");
            }
        } else if (c.accept("alter", "column") || c.accept("alter")) {
            alterColumn(st, c, t);
        } else if (c.accept("attach", "partition")) {
            c.qualifiedName("public")
                    .ifPresentOrElse(
                            child -> {
                                TableDraft ch = tables.get(child);
                                if (ch == null) {
                                    unreadable(st, "ATTACH PARTITION " + child.display());
                                } else {
                                    ch.partitionOf = name.get();
                                }
                            },
                            () -> unreadable(st, "ATTACH PARTITION on " + name.get().display()));
        } else if (c.accept("replica", "identity")) {
            if (c.accept("full")) {
                t.replicaIdentity = Table.ReplicaIdentity.FULL;
            } else if (c.accept("nothing")) {
                t.replicaIdentity = Table.ReplicaIdentity.NOTHING;
            } else if (c.accept("using", "index")) {
                t.replicaIdentity = Table.ReplicaIdentity.INDEX;
                c.identifier().ifPresent(ix -> t.replicaIdentityIndex = ix);
            } else {
                t.replicaIdentity = Table.ReplicaIdentity.DEFAULT;
            }
        } else {
            skip("ALTER TABLE (other)");
        }
    }

    private void alterColumn(Statement st, Cursor c, TableDraft t) {
        Optional<String> col = c.identifier();
        Optional<ColumnDraft> cd =
                col.flatMap(n -> t.columns.stream().filter(x -> x.name.equals(n)).findFirst());
        if (cd.isEmpty()) {
            unreadable(st, "ALTER COLUMN " + col.orElse("?") + " of " + t.name.display());
            return;
        }
        ColumnDraft column = cd.get();
        if (c.accept("set", "default")) {
            String text = st.text();
            int at = indexOfIgnoreCase(text, "set default");
            column.defaultExpr = text.substring(at + "set default".length()).strip();
        } else if (c.accept("set", "not", "null")) {
            column.notNull = true;
        } else if (c.accept("add", "generated")) {
            column.identity =
                    c.accept("always") ? Column.Identity.ALWAYS : Column.Identity.BY_DEFAULT;
            column.notNull = true;
            c.accept("by", "default");
            c.accept("as", "identity");
            if (c.accept("(")) {
                if (c.accept("sequence", "name")) {
                    c.qualifiedName(t.name.schema())
                            .ifPresent(
                                    seq -> {
                                        SequenceDraft s =
                                                sequences.computeIfAbsent(seq, SequenceDraft::new);
                                        s.dataType = column.type;
                                        s.ownedBy = t.name;
                                        s.ownedByColumn = column.name;
                                        sequenceOptions(c, s);
                                    });
                }
            }
        } else {
            skip("ALTER TABLE ALTER COLUMN (other)");
        }
    }

    private static int indexOfIgnoreCase(String text, String needle) {
        return text.toLowerCase(Locale.ROOT).indexOf(needle);
    }

    /**
     * A plain index, as pg_dump writes it: {@code CREATE INDEX name ON [ONLY] t USING method (a,
     * b);}. Anything more (expressions, operator classes, INCLUDE, WHERE, WITH, TABLESPACE) is kept
     * out of the catalog, so a deferred-index copy leaves it in place.
     */
    private void createIndex(Cursor c) {
        c.accept("concurrently");
        c.accept("if", "not", "exists");
        Optional<String> ixName = c.identifier();
        if (ixName.isEmpty() || !c.accept("on")) {
            skip("CREATE INDEX");
            return;
        }
        boolean only = c.accept("only");
        Optional<QualifiedName> table = c.qualifiedName("public");
        String method = "btree";
        if (c.accept("using")) {
            method = c.identifier().orElse("");
        }
        Optional<List<String>> cols = c.identifierList();
        c.accept(";");
        TableDraft t = table.map(tables::get).orElse(null);
        if (t == null || cols.isEmpty() || !c.atEnd() || only || t.partitioned) {
            skip("CREATE INDEX (not plain columns, or not on a plain table)");
            return;
        }
        t.secondary.add(new SecondaryDraft(ixName.get(), false, false, method, cols.get()));
    }

    private void createUniqueIndex(Statement st, Cursor c) {
        c.accept("concurrently");
        c.accept("if", "not", "exists");
        Optional<String> ixName = c.identifier();
        if (ixName.isEmpty() || !c.accept("on")) {
            skip("CREATE UNIQUE INDEX");
            return;
        }
        boolean only = c.accept("only");
        Optional<QualifiedName> table = c.qualifiedName("public");
        String method = c.accept("using") ? c.identifier().orElse("") : "btree";
        Optional<List<String>> cols = c.identifierList();
        if (cols.isPresent() && !only && !c.contains("where")) {
            table.map(tables::get)
                    .filter(t -> !t.partitioned)
                    .ifPresent(
                            t -> {
                                if (c.accept(";") || c.atEnd()) {
                                    if (c.atEnd()) {
                                        t.secondary.add(
                                                new SecondaryDraft(
                                                        ixName.get(),
                                                        true,
                                                        false,
                                                        method,
                                                        cols.get()));
                                    }
                                }
                            });
        }
        TableDraft t = table.map(tables::get).orElse(null);
        if (t == null || cols.isEmpty()) {
            skip("CREATE UNIQUE INDEX (expression or unknown table)");
            return;
        }
        if (c.contains("where")) {
            // A partial unique index: no replica identity, and the catalog does not track it.
            skip("CREATE UNIQUE INDEX (partial)");
            return;
        }
        t.unique.add(new IndexDraft(ixName.get(), cols.get(), true));
    }

    private SchemaFile result() {
        List<Table> out = new ArrayList<>();
        for (TableDraft t : tables.values()) {
            t.secondary.removeIf(
                    ix ->
                            ix.name().equals(t.replicaIdentityIndex)
                                    || (t.primaryKey != null
                                            && t.primaryKey.name().equals(ix.name()))
                                    || (ix.unique()
                                            && referenced.stream()
                                                    .anyMatch(
                                                            r ->
                                                                    r.table().equals(t.name)
                                                                            && (r.columns() == null
                                                                                    || r.columns()
                                                                                            .equals(
                                                                                                    java
                                                                                                            .util
                                                                                                            .Set
                                                                                                            .copyOf(
                                                                                                                    ix
                                                                                                                            .columns()))))));
            out.add(t.build());
        }
        List<Sequence> seqs = new ArrayList<>();
        for (SequenceDraft s : sequences.values()) {
            seqs.add(s.build());
        }
        List<Schema> schemaList = new ArrayList<>();
        for (QualifiedName n : tables.keySet()) {
            schemas.putIfAbsent(n.schema(), "");
        }
        schemas.forEach((n, o) -> schemaList.add(new Schema(n, o)));
        List<MaterializedView> mvs =
                matviews.stream()
                        .map(
                                m ->
                                        new MaterializedView(
                                                m.name(),
                                                matviewOwners.getOrDefault(m.name(), ""),
                                                m.populated()))
                        .toList();
        Catalog catalog =
                new Catalog(
                        null,
                        schemaList,
                        out,
                        seqs,
                        mvs,
                        extensions,
                        -1,
                        List.of(),
                        List.of(),
                        List.of());
        return new SchemaFile(catalog, skipped, unread);
    }

    // ---- drafts: mutable only while one file is read, then frozen into records ----

    /** A foreign key's referenced table and columns (null: its primary key). */
    private record Referenced(QualifiedName table, java.util.Set<String> columns) {}

    private final List<Referenced> referenced = new ArrayList<>();

    /**
     * A named CHECK constraint as pg_dump writes it, one per line: {@code CONSTRAINT name CHECK
     * (…)}, inline in CREATE TABLE or after ALTER TABLE … ADD; the definition is
     * pg_get_constraintdef's text, so it compares equal to the live catalog's.
     */
    private static final java.util.regex.Pattern CHECK_LINE =
            java.util.regex.Pattern.compile(
                    "(?im)^\\s*(?:ADD\\s+)?CONSTRAINT\\s+(\"(?:[^\"]|\"\")+\"|[^\\s\"]+)\\s+(CHECK\\b.*?)(?:,|;)?\\s*$");

    static List<dev.lrplan.catalog.Check> checks(String statement) {
        List<dev.lrplan.catalog.Check> out = new ArrayList<>();
        java.util.regex.Matcher m = CHECK_LINE.matcher(statement);
        while (m.find()) {
            out.add(new dev.lrplan.catalog.Check(unquote(m.group(1)), m.group(2).strip()));
        }
        return out;
    }
}
