package dev.lrplan.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.contract.Gate;
import dev.lrplan.contract.Manifest;
import dev.lrplan.db.ConnInfo;
import dev.lrplan.db.Database;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gates poll with progress and give up with a clear message; progress is a bar on a terminal, lines
 * elsewhere.
 */
class GatesTest {
    @Test
    void aFinalLsnGateOnASlotNobodyConsumesTimesOutSayingWhatItWaitedFor() throws Exception {
        Db db = Db.create(Clusters.shared("16"), "gate");
        String slot = "lrplan_gate_" + db.name();
        db.exec("SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
        try {
            db.exec("CREATE TABLE t AS SELECT generate_series(1, 1000) AS n");
            // No subscription to watch: only the slot's position (the subscription's health is
            // DisabledSubscriptionTest's).
            Folder m = folder(null, slot);
            StringWriter out = new StringWriter();
            Gates gates =
                    new Gates(
                            m,
                            new Gates.Limits(Duration.ofSeconds(1), 0),
                            new ProgressLine(new PrintWriter(out, true), false));
            try (Connection c = Database.connect(ConnInfo.parse(db.uri(), Map.of()))) {
                ApplyException e =
                        assertThrows(ApplyException.class, () -> gates.await(Gate.FINAL_LSN, c, c));
                assertEquals(ApplyException.Kind.FAILED, e.kind());
                assertTrue(
                        e.getMessage()
                                .matches(
                                        "gate 'final LSN' timed out after 1 s: final LSN \\S+, [0-9.]+ [kM]?B to "
                                                + "confirm, \\d s\\. Replication keeps running; run apply again.*"),
                        e.getMessage());
                assertTrue(out.toString().startsWith("  final LSN: final LSN "), out.toString());

                ApplyException missing =
                        assertThrows(
                                ApplyException.class,
                                () ->
                                        new Gates(
                                                        folder(null, "no_such_slot"),
                                                        new Gates.Limits(Duration.ofSeconds(1), 0),
                                                        new ProgressLine(
                                                                new PrintWriter(out), false))
                                                .await(Gate.LAG, c, c));
                assertEquals(
                        "replication slot no_such_slot does not exist on the source",
                        missing.getMessage());

                ApplyException noSubscription =
                        assertThrows(
                                ApplyException.class,
                                () ->
                                        new Gates(
                                                        folder("no_such_sub", slot),
                                                        new Gates.Limits(Duration.ofSeconds(60), 0),
                                                        new ProgressLine(
                                                                new PrintWriter(out), false))
                                                .await(Gate.FINAL_LSN, c, c));
                assertTrue(
                        noSubscription
                                .getMessage()
                                .contains("subscription no_such_sub does not exist on the target"),
                        noSubscription.getMessage());
            }
        } finally {
            db.exec("SELECT pg_drop_replication_slot('" + slot + "')");
        }
    }

    @Test
    void onATerminalProgressRedrawsOneLineWithABar() {
        StringWriter tty = new StringWriter();
        ProgressLine bar = new ProgressLine(new PrintWriter(tty, true), true);
        bar.show("initial sync", 0.5, "2/4 tables ready");
        bar.show("initial sync", 0.75, "3/4 tables ready");
        bar.done("initial sync", "4/4 tables ready");
        assertTrue(
                tty.toString()
                        .contains(
                                "\r\033[2K  initial sync [############............] 2/4 tables ready"),
                tty.toString());
        assertTrue(
                tty.toString()
                        .endsWith(
                                "\r\033[2K  initial sync: 4/4 tables ready"
                                        + System.lineSeparator()));

        StringWriter log = new StringWriter();
        ProgressLine plain = new ProgressLine(new PrintWriter(log, true), false);
        plain.show("initial sync", 0.5, "2/4 tables ready");
        plain.show("initial sync", 0.75, "3/4 tables ready");
        plain.done("initial sync", "4/4 tables ready");
        assertEquals(
                List.of("  initial sync: 2/4 tables ready", "  initial sync: 4/4 tables ready"),
                log.toString().lines().toList(),
                "no control characters, at most one line every few seconds");
    }

    /** A folder whose manifest names only the replication objects a gate looks at. */
    private static Folder folder(String subscription, String slot) {
        return new Folder(
                Path.of("."),
                "x",
                new Manifest(
                        "test",
                        "p",
                        "x",
                        new Manifest.Input("live", "x"),
                        new Manifest.Input("live", "x"),
                        new Manifest.Identity(16, null, null),
                        new Manifest.Identity(16, null, null),
                        new Manifest.Replication(
                                "native", "pub", subscription, slot, null, null, null),
                        null,
                        List.of()));
    }
}
