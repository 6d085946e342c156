package dev.lrplan.apply;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Waiting at the write pause instead of exiting: apply keeps its connections open and its manifest
 * checked, and runs the switchover steps the moment the operator says the application's writes have
 * stopped, by SIGUSR1 to this process or by creating a named file. No process start and no new
 * connection falls inside the pause.
 */
final class SwitchoverWait {
    /**
     * @param signal SIGUSR1 confirms
     * @param file its appearance confirms; null for none
     */
    private static final AtomicBoolean SIGNALLED = new AtomicBoolean();

    private SwitchoverWait() {}

    /**
     * On a terminal, with no trigger given: asks the operator, who answers {@code yes} to switch
     * over now; anything else stops apply at the hold, as without a terminal.
     *
     * @param when what the operator confirms ("the application's writes to the source have
     *     stopped")
     */
    static boolean ask(String step, String when, PrintWriter out) {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        out.printf("%n%s is next, and it needs %s.%n", step, when);
        out.flush();
        String answer = console.readLine("Type yes to go ahead now, anything else to stop here: ");
        return answer != null && answer.strip().equalsIgnoreCase("yes");
    }

    /** Waits until the trigger fires; returns what fired, for the ledger. */
    static String await(SwitchoverTrigger t, String step, PrintWriter out) {
        return await(t, step, "the application's writes to the source have stopped", out);
    }

    static String await(SwitchoverTrigger t, String step, String when, PrintWriter out) {
        if (t.signal()) {
            SIGNALLED.set(false);
            sun.misc.Signal.handle(new sun.misc.Signal("USR1"), s -> SIGNALLED.set(true));
        }
        out.printf(
                "%nwaiting before %s, connections open: when %s, %s%n",
                step,
                when,
                (t.signal() ? "run: kill -USR1 " + ProcessHandle.current().pid() : "")
                        + (t.signal() && t.file() != null ? ", or " : "")
                        + (t.file() != null ? "create " + t.file() : ""));
        out.flush();
        while (true) {
            if (t.signal() && SIGNALLED.get()) {
                return "SIGUSR1";
            }
            if (t.file() != null && Files.exists(t.file())) {
                return "file " + t.file();
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApplyException.usage("interrupted while waiting at the write pause");
            }
        }
    }
}
