package dev.lrplan.apply;

import dev.lrplan.sql.Statement;
import dev.lrplan.sql.StatementSplitter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * What a step prints for the other cluster (verify-data's checks, sequence-values' {@code setval}
 * calls, merge-target-rows' inserts), run there while the step still runs, as the documented pipe
 * {@code psql -f STEP SOURCE | psql -f - TARGET} runs it: each statement goes to the other cluster
 * as soon as it is whole, on a thread and connection of its own, in the order printed. Inside the
 * write pause the two clusters then work at once instead of one after the other.
 *
 * <p>The pieces are split as the whole printed text would be ({@link
 * StatementSplitter#splitPrefix}), and run as one script ({@link ScriptRunner#inPieces}): the same
 * statements, positions and psql settings as running the text once the step has ended. What the
 * other cluster's run shows is kept and printed after the step's own output, as before.
 */
final class PrintedSql implements ScriptRunner.Printed {
    /** The end of the pieces (compared by identity). */
    private static final List<String> END = new java.util.ArrayList<>();

    private final BlockingQueue<List<String>> pieces = new LinkedBlockingQueue<>();
    private final String file;
    private final StringWriter shown = new StringWriter();
    private final StringWriter notices = new StringWriter();
    private final ScriptRunner.Pass pass;
    private final Thread thread;

    /** The other cluster's failure, thrown to the step at its next statement. */
    private volatile RuntimeException failure;

    private volatile boolean abandoned;

    /** SQL statements run on the other cluster. */
    private int statements;

    PrintedSql(String file, Connection other) {
        this.file = file;
        this.pass =
                new ScriptRunner(
                                other,
                                new PrintWriter(shown, true),
                                new PrintWriter(notices, true),
                                Map.of())
                        .inPieces(file);
        this.thread = new Thread(this::consume, "lrplan-printed-sql");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The rows one statement of the step printed. Throws the other cluster's failure, if it had
     * one, which stops the step there.
     */
    @Override
    public void accept(List<String> rows) {
        check();
        pieces.add(rows);
    }

    /**
     * Throws the other cluster's failure, if it had one: the step stops before its next statement.
     */
    @Override
    public void check() {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }

    /**
     * The step has ended: waits until every printed statement has run on the other cluster.
     *
     * @return how many SQL statements ran there
     * @throws RuntimeException the other cluster's failure
     */
    int finish() {
        pieces.add(END);
        join();
        if (failure != null) {
            throw failure;
        }
        return statements;
    }

    /**
     * The step failed: nothing more runs on the other cluster. What ran there stays, as with psql's
     * pipe; a transaction left open there is rolled back.
     */
    int abandon() {
        abandoned = true;
        pieces.add(END);
        join();
        return statements;
    }

    /** What the other cluster's run printed, on the step's output and notices. */
    void show(PrintWriter out, PrintWriter err) {
        out.print(shown);
        out.flush();
        err.print(notices);
        err.flush();
    }

    private void join() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApplyException.failed(file + ": interrupted while it ran", e);
        }
    }

    private void consume() {
        StringBuilder pending = new StringBuilder();
        int line = 1;
        int column = 1;
        boolean first = true;
        try {
            while (true) {
                List<String> rows = pieces.take();
                if (abandoned) {
                    pass.abandon();
                    return;
                }
                if (rows == END) {
                    run(StatementSplitter.split(pending.toString(), line, column));
                    pass.end();
                    return;
                }
                // The rows joined by line breaks, as the whole printed text is.
                if (!first) {
                    pending.append('\n');
                }
                first = false;
                pending.append(String.join("\n", rows));
                StatementSplitter.Prefix whole =
                        StatementSplitter.splitPrefix(pending.toString(), line, column);
                run(whole.statements());
                pending.setLength(0);
                pending.append(whole.rest());
                line = whole.restLine();
                column = whole.restColumn();
            }
        } catch (RuntimeException e) {
            failure = e;
            pass.abandon();
        } catch (InterruptedException e) {
            failure = ApplyException.failed(file + ": interrupted while it ran", e);
            pass.abandon();
        }
    }

    private void run(List<Statement> items) {
        if (items.isEmpty()) {
            return;
        }
        Script piece = Script.of(file, items);
        pass.run(piece.items());
        statements += piece.sqlCount();
    }
}
