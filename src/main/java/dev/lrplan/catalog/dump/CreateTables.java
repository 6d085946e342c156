package dev.lrplan.catalog.dump;

import dev.lrplan.sql.Statement;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;

/**
 * The CREATE TABLE statements of a schema file, parsed by JSqlParser on every core before the
 * reader goes through the file in order (a 50 MB pg_dump holds tens of thousands of them).
 * JSqlParser guards each parse with a timeout on a thread of an executor; left to itself it starts
 * and stops a thread per statement, which cost more than the parse here, so one pool of reused
 * daemon threads serves them all.
 */
final class CreateTables {
    private static final Pattern CREATE_TABLE =
            Pattern.compile("(?i)\\s*create\\s+(?:unlogged\\s+)?table\\b");

    private static final ExecutorService PARSERS =
            Executors.newCachedThreadPool(
                    r -> {
                        Thread t = new Thread(r, "lrplan-sql-parser");
                        t.setDaemon(true);
                        return t;
                    });

    private CreateTables() {}

    /**
     * For each statement, its parse when it is a CREATE TABLE (a JSqlParser statement, or the
     * exception it threw), null otherwise.
     */
    static Object[] parseAll(List<Statement> statements) {
        Object[] out = new Object[statements.size()];
        IntStream.range(0, statements.size())
                .parallel()
                .forEach(
                        i -> {
                            String text = statements.get(i).text();
                            if (!statements.get(i).metaCommand()
                                    && CREATE_TABLE.matcher(text).lookingAt()) {
                                out[i] = parse(text);
                            }
                        });
        return out;
    }

    /** The statement JSqlParser makes of the text, or the exception it threw. */
    static Object parse(String text) {
        try {
            return CCJSqlParserUtil.parse(text, PARSERS, null);
        } catch (JSQLParserException | RuntimeException e) {
            return e;
        }
    }
}
