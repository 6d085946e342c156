package dev.lrplan.diff;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.finding.Code;
import dev.lrplan.finding.Finding;
import dev.lrplan.finding.Severity;
import dev.lrplan.plan.Plan;
import java.util.List;
import java.util.Map;

/**
 * Whether one transaction can lock every table the plan replicates. Creating the publication (on
 * the source) and the rollback publication (on the target) lock each of its tables until commit,
 * and a server's lock table is sized for {@code max_locks_per_transaction} locks per process it may
 * have (connections, autovacuum and background workers, WAL senders from 12, prepared
 * transactions); past that the step fails with "out of shared memory". The server finds some room
 * beyond that size, how much depends on its other settings (measured on 16: 600 tables locked where
 * the size was 420, 800 failed; 1,100 locked where it was 520; 10,000 where it was 7,808, 12,900
 * failed), and other sessions' locks share the table: beyond the size this is a warning, beyond
 * three times an error. Said as LR128; nothing is said where the settings are unknown (a schema
 * file, a snapshot written before they were read).
 */
final class LockTable {
    private LockTable() {}

    static void find(
            Plan plan, Catalog source, Catalog target, int tables, List<Finding> findings) {
        check("source", "the publication", source, tables, findings);
        if (plan.rollback().enabled()) {
            check("target", "the rollback publication", target, tables, findings);
        }
    }

    private static void check(
            String side, String what, Catalog c, int tables, List<Finding> findings) {
        if (c.serverInfo().isEmpty()) {
            return;
        }
        Map<String, String> s = c.serverInfo().get().settings();
        Long perTransaction = number(s.get("max_locks_per_transaction"));
        Long connections = number(s.get("max_connections"));
        if (perTransaction == null || connections == null) {
            return;
        }
        // The processes the lock table is sized for (PostgreSQL's MaxBackends, and prepared
        // transactions); WAL senders count from 12.
        long slots =
                connections
                        + or0(s.get("autovacuum_max_workers"))
                        + 1
                        + or0(s.get("max_worker_processes"))
                        + (c.serverInfo().get().major() >= 12 ? or0(s.get("max_wal_senders")) : 0)
                        + or0(s.get("max_prepared_transactions"));
        long capacity = perTransaction * slots;
        if (tables <= capacity) {
            return;
        }
        // Enough per process that the documented size holds every table with a quarter to spare.
        long enough = (tables * 5L / 4 + slots - 1) / slots;
        findings.add(
                new Finding(
                        Code.LR128,
                        tables > 3 * capacity ? Severity.ERROR : Severity.WARNING,
                        side,
                        "creating "
                                + what
                                + " locks "
                                + tables
                                + " tables in one transaction on the "
                                + side
                                + ", whose lock table is sized for "
                                + capacity
                                + " locks (max_locks_per_transaction "
                                + perTransaction
                                + " × "
                                + slots
                                + " processes and prepared transactions): the step "
                                + (tables > 3 * capacity ? "would fail" : "may fail")
                                + " with 'out of shared memory'; max_locks_per_transaction = "
                                + enough
                                + " there is enough"));
    }

    private static long or0(String v) {
        Long n = number(v);
        return n == null ? 0 : n;
    }

    private static Long number(String v) {
        try {
            return v == null ? null : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
