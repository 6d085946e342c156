package dev.lrplan.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Db;
import dev.lrplan.testing.Psql;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiled scripts of the reference case, run in order with plain psql on real 13 → 16
 * clusters, with writes going on during the initial sync: sync, switchover, rollback path and
 * cleanup.
 */
class EndToEndTest {
    @TempDir Path dir;

    @Test
    void theReferenceCaseMovesFrom13To16AndBack() throws Exception {
        ReferenceCase rc = ReferenceCase.create(dir, "");
        Cli compiled = rc.compile();
        assertEquals(0, compiled.exit(), compiled.err());
        Db src = rc.source;
        Db tgt = rc.target;

        rc.runOk("preflight", "source");
        rc.runOk("preflight", "target");
        rc.runOk("target-schema", "target");
        rc.runOk("user-django-migrations-data", "target");
        assertEquals(4, tgt.queryLong("SELECT count(*) FROM public.django_migrations"));
        rc.runOk("data-checks", "source");
        rc.runOk("replica-identity", "source");
        assertEquals(
                "f",
                src.queryString(
                        "SELECT relreplident FROM pg_class WHERE oid = 'public.audit_log'::regclass"));
        rc.runOk("publication", "source");
        rc.runOk("subscription", "target");

        // Writes go on while the tables copy.
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong lastOrder = new AtomicLong();
        Thread writer =
                new Thread(
                        () -> {
                            while (writing.get()) {
                                lastOrder.set(
                                        Long.parseLong(
                                                src.queryString(
                                                        "INSERT INTO public.orders (customer_id, legacy_total, "
                                                                + "deprecated_flag) VALUES (1, 42.50, true) RETURNING id")));
                                src.exec(
                                        "INSERT INTO public.audit_log (message) VALUES ('during sync'); "
                                                + "UPDATE public.audit_log SET message = 'updated' WHERE message = 'event 1'");
                            }
                        });
        rc.runOk("enable-subscription", "target");
        writer.start();
        tgt.await(
                "SELECT count(*) = 4 AND bool_and(srsubstate = 'r') FROM pg_subscription_rel",
                120,
                "every table in state ready");
        Thread.sleep(500);
        writing.set(false);
        writer.join();
        // The header says "(ready = r)" whatever the state: count the tables per state instead.
        String monitor = rc.runOk("monitor-sync", "target").out();
        assertTrue(
                monitor.matches("(?s).*\\n\\s*r\\s*\\|\\s*ready\\s*\\|\\s*4\\b.*"),
                "4 tables ready:\n" + monitor);
        assertTrue(monitor.contains("(1 row)"), "no table in another state:\n" + monitor);
        assertTrue(rc.runOk("monitor-lag", "source").out().contains("subs_slot_migration_v16"));

        rc.runOk("switchover-prepare", "target");
        rc.runOk("confirm-final-lsn", "source");
        for (String table : new String[] {"customers", "orders", "order_items", "audit_log"}) {
            assertEquals(
                    src.queryLong("SELECT count(*) FROM public." + table),
                    tgt.queryLong("SELECT count(*) FROM public." + table),
                    table + " rows");
        }
        assertEquals(
                "42.50",
                tgt.queryString(
                        "SELECT total_amount FROM public.orders WHERE id = " + lastOrder.get()),
                "the last write arrived, through the rename trigger");
        assertEquals(
                "t",
                tgt.queryString(
                        "SELECT deprecated_flag FROM public.orders WHERE id = " + lastOrder.get()));
        assertEquals(
                src.queryLong("SELECT count(*) FROM public.audit_log WHERE message = 'updated'"),
                tgt.queryLong("SELECT count(*) FROM public.audit_log WHERE message = 'updated'"));

        Psql.Result seq = rc.runOk("sequence-values", "source");
        Psql.stdin(tgt, seq.out()).assertOk("sequence values on the target");
        for (String s : new String[] {"customers_id_seq", "orders_id_seq", "order_items_id_seq"}) {
            long s13 = src.queryLong("SELECT last_value FROM public." + s);
            long s16 = tgt.queryLong("SELECT last_value FROM public." + s);
            assertTrue(s16 > s13, s + ": target " + s16 + " must be ahead of source " + s13);
        }
        assertTrue(
                Psql.stdin(src, seq.out()).exit() != 0,
                "the sequence statements refuse to run on the source");

        rc.runOk("drop-subscription", "target");
        rc.runOk("rollback-publication", "target");
        rc.runOk("rollback-subscription", "source");
        long newOrder =
                Long.parseLong(
                        tgt.queryString(
                                "INSERT INTO public.orders (customer_id, total_amount) "
                                        + "VALUES (1, 99.99) RETURNING id"));
        src.await(
                "SELECT count(*) = 1 FROM public.orders WHERE id = "
                        + newOrder
                        + " AND legacy_total = 99.99",
                60,
                "the write on the new cluster to arrive on the old one");
        tgt.exec(
                "UPDATE public.audit_log SET message = 'after switchover' WHERE message = 'updated'");
        src.await(
                "SELECT count(*) > 0 FROM public.audit_log WHERE message = 'after switchover'",
                60,
                "an UPDATE of a table without primary key on the new cluster to arrive on the old one");

        rc.runOk("drop-rollback-subscription", "source");
        rc.runOk("drop-rollback-publication", "target");
        rc.runOk("drop-publication", "source");
        rc.runOk("drift-cleanup", "target");

        for (Db db : new Db[] {src, tgt}) {
            assertEquals(
                    0,
                    db.queryLong(
                            "SELECT count(*) FROM pg_subscription WHERE subdbid = "
                                    + "(SELECT oid FROM pg_database WHERE datname = current_database())"),
                    "subscriptions on " + db.name());
            assertEquals(
                    0,
                    db.queryLong("SELECT count(*) FROM pg_publication"),
                    "publications on " + db.name());
            assertEquals(
                    0,
                    db.queryLong(
                            "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()"),
                    "slots of " + db.name());
        }
        assertEquals(
                0,
                tgt.queryLong(
                        "SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders' "
                                + "AND column_name IN ('legacy_total', 'deprecated_flag')"),
                "shim columns dropped");
        assertEquals(
                0, tgt.queryLong("SELECT count(*) FROM pg_trigger WHERE tgname = 'lrplan_drift'"));
        assertEquals(
                0,
                tgt.queryLong("SELECT count(*) FROM pg_proc WHERE proname LIKE 'lrplan_drift_%'"));
        assertEquals(
                tgt.queryLong("SELECT count(*) FROM public.orders"),
                tgt.queryLong("SELECT count(*) FROM lrplan_backup.\"public.orders\""),
                "every row backed up");
        assertEquals(
                tgt.queryLong("SELECT count(*) FROM public.orders WHERE id <= 1000"),
                tgt.queryLong(
                        "SELECT count(*) FROM lrplan_backup.\"public.orders\" WHERE legacy_total IS NOT NULL "
                                + "AND id <= 1000"),
                "the backup holds the dropped columns' data");
        assertEquals(
                "t",
                tgt.queryString(
                        "SELECT deprecated_flag FROM lrplan_backup.\"public.orders\" WHERE id = "
                                + lastOrder.get()));
    }

    @Test
    void anOverLongValueStopsTheDataCheckBeforeAnythingIsPublished() throws Exception {
        ReferenceCase rc =
                ReferenceCase.create(
                        dir,
                        "INSERT INTO public.customers (name, email) VALUES ('long', repeat('x', 300));");
        assertEquals(0, rc.compile().exit());
        rc.runOk("preflight", "source");
        rc.runOk("preflight", "target");
        rc.runOk("target-schema", "target");

        Psql.Result check = rc.run("data-checks", "source");

        assertNotEquals(0, check.exit());
        assertTrue(
                check.err()
                        .contains(
                                "lrplan: data check failed (LR105): public.customers.email: 1 row(s) that "
                                        + "character varying(255) cannot take"),
                check.err());
        assertEquals(
                0, rc.source.queryLong("SELECT count(*) FROM pg_publication"), "nothing published");
        assertFalse(check.err().contains("public.orders"), "only the failing table is named");
    }

    @Test
    void aStepRefusesToRunOnTheWrongCluster() throws Exception {
        ReferenceCase rc = ReferenceCase.create(dir, "");
        assertEquals(0, rc.compile().exit());
        Psql.Result wrong = Psql.file(rc.target, rc.step("preflight", "source"), rc.vars);
        assertNotEquals(0, wrong.exit());
        assertTrue(
                wrong.err()
                        .contains(
                                "must run on the source cluster (PostgreSQL 13), not on PostgreSQL 16"),
                wrong.err());
    }

    @Test
    void theRollbackRefusesIdsTheOldClusterCannotHold() throws Exception {
        ReferenceCase rc = ReferenceCase.create(dir, "");
        assertEquals(0, rc.compile().exit());
        rc.target.exec("INSERT INTO public.customers (id, name) VALUES (3000000000, 'big id')");

        Psql.Result r = rc.run("rollback-publication", "target");

        assertNotEquals(0, r.exit());
        assertTrue(
                r.err().contains("public.customers.id: 1 row(s) that integer cannot take"),
                r.err());
        assertEquals(
                0,
                rc.target.queryLong("SELECT count(*) FROM pg_publication"),
                "nothing published back");
    }
}
