package dev.lrplan.expr;

import dev.lrplan.sql.Sql;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.util.deparser.ExpressionDeParser;

/**
 * A {@code drift.fill} expression: parsed by JSqlParser, with every column it names and every
 * function it calls, and printed again from the parse tree for a row trigger, each column as {@code
 * NEW."name"}. What lrplan writes is the tree's text, never the plan's: a comment or a second
 * statement cannot reach the script.
 *
 * @param text the expression as the reviewer reads it (printed from the parse tree)
 * @param onNewRow the same with each column read from the trigger's {@code NEW} row
 * @param columns the columns it reads, as PostgreSQL names them (unquoted names folded to lower
 *     case)
 * @param functions the functions it calls, lower case, qualified where the plan qualified them
 */
public record FillExpression(
        String text, String onNewRow, Set<String> columns, Set<String> functions) {

    /** Why an expression cannot be a fill. */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message);
        }
    }

    /** SQL constructs that JSqlParser reads as function calls but are not in pg_proc. */
    public static final Set<String> CONSTRUCTS = Set.of("coalesce", "nullif", "greatest", "least");

    /** Built-in functions known to be volatile: refused before the target is asked. */
    private static final Set<String> VOLATILE =
            Set.of(
                    "random",
                    "setseed",
                    "nextval",
                    "setval",
                    "currval",
                    "lastval",
                    "clock_timestamp",
                    "timeofday",
                    "gen_random_uuid",
                    "uuid_generate_v1",
                    "uuid_generate_v4",
                    "txid_current",
                    "pg_current_xact_id",
                    "pg_sleep");

    /** Words that JSqlParser may read as a column but PostgreSQL reads as a value. */
    private static final Set<String> VALUE_WORDS =
            Set.of(
                    "true",
                    "false",
                    "current_date",
                    "current_time",
                    "current_timestamp",
                    "localtime",
                    "localtimestamp",
                    "current_user",
                    "session_user",
                    "current_role",
                    "current_schema",
                    "current_catalog",
                    "user");

    public static FillExpression parse(String source) throws Invalid {
        if (source == null || source.isBlank()) {
            throw new Invalid("an empty expression");
        }
        if (source.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new Invalid("write the expression on one line, without control characters");
        }
        Expression e;
        try {
            e = CCJSqlParserUtil.parseExpression(source, false);
        } catch (JSQLParserException | RuntimeException ex) {
            throw new Invalid("not an SQL expression: " + firstLine(ex));
        }
        String text = e.toString();
        Printer plain = new Printer(false);
        Printer onNew = new Printer(true);
        try {
            e.accept(plain, null);
            e.accept(onNew, null);
        } catch (Refused r) {
            throw new Invalid(r.getMessage());
        }
        for (String f : onNew.functions) {
            String base = f.substring(f.lastIndexOf('.') + 1);
            if (VOLATILE.contains(base)) {
                throw new Invalid(
                        "it calls "
                                + f
                                + "(), which is volatile: a fill may call only immutable or stable"
                                + " functions, so that every row gets the value its own columns give");
            }
        }
        return new FillExpression(
                plain.getBuffer().toString().isEmpty() ? text : plain.getBuffer().toString(),
                onNew.getBuffer().toString(),
                Set.copyOf(onNew.columns),
                Set.copyOf(onNew.functions));
    }

    private static String firstLine(Exception ex) {
        String m = ex.getCause() != null ? ex.getCause().getMessage() : ex.getMessage();
        m = m == null ? ex.getClass().getSimpleName() : m;
        return Sql.printable(m.lines().findFirst().orElse(m));
    }

    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /** Prints the tree again, recording columns and functions, refusing what a fill cannot be. */
    private static final class Printer extends ExpressionDeParser {
        private final boolean onNewRow;
        final Set<String> columns = new LinkedHashSet<>();
        final Set<String> functions = new LinkedHashSet<>();

        Printer(boolean onNewRow) {
            this.onNewRow = onNewRow;
        }

        @Override
        public <S> StringBuilder visit(Column column, S context) {
            String written = column.getColumnName();
            if (column.getTable() != null && column.getTable().getName() != null) {
                throw new Refused(
                        "write "
                                + Sql.printable(column.getFullyQualifiedName())
                                + " without a table name: a fill reads the columns of its own row");
            }
            boolean quoted =
                    written.length() >= 2 && written.startsWith("\"") && written.endsWith("\"");
            if (!quoted && VALUE_WORDS.contains(written.toLowerCase(Locale.ROOT))) {
                buffer.append(written.toUpperCase(Locale.ROOT));
                return buffer;
            }
            String name =
                    quoted
                            ? written.substring(1, written.length() - 1).replace("\"\"", "\"")
                            : written.toLowerCase(Locale.ROOT);
            columns.add(name);
            buffer.append(onNewRow ? "NEW." + Sql.ident(name) : Sql.ident(name));
            return buffer;
        }

        @Override
        public <S> StringBuilder visit(Function function, S context) {
            List<String> parts = function.getMultipartName();
            StringBuilder name = new StringBuilder();
            for (String p : parts) {
                if (name.length() > 0) {
                    name.append('.');
                }
                name.append(
                        p.startsWith("\"")
                                ? p.substring(1, p.length() - 1)
                                : p.toLowerCase(Locale.ROOT));
            }
            if (function.isAllColumns()) {
                throw new Refused(name + "(*) reads no column of the row by name");
            }
            if (!CONSTRUCTS.contains(name.toString())) {
                functions.add(name.toString());
            }
            return super.visit(function, context);
        }

        @Override
        public <S> StringBuilder visit(ParenthesedSelect select, S context) {
            throw new Refused("a subquery: a fill reads only its own row");
        }

        @Override
        public <S> StringBuilder visit(Select select, S context) {
            throw new Refused("a subquery: a fill reads only its own row");
        }

        @Override
        public <S> StringBuilder visit(AllColumns allColumns, S context) {
            throw new Refused("* is not a value");
        }

        @Override
        public <S> StringBuilder visit(JdbcParameter parameter, S context) {
            throw new Refused("a parameter (?) has no value in a trigger");
        }

        @Override
        public <S> StringBuilder visit(JdbcNamedParameter parameter, S context) {
            throw new Refused("a parameter (:name) has no value in a trigger");
        }

        @Override
        public <S> StringBuilder visit(UserVariable variable, S context) {
            throw new Refused("a variable (@name) has no value in a trigger");
        }
    }
}
