package dev.lrplan.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Db;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The way back, on real 13 and 16 clusters: after the switchover the application writes to the new
 * cluster, then goes back. {@code apply --going-back} waits until the old cluster has the new
 * cluster's last write and sets the old cluster's sequences past the new one's, so the application
 * writes on the old cluster again without a duplicate key; the cleanup then ends the replication.
 */
class GoingBackTest {
    @org.junit.jupiter.api.AfterEach
    void dropReplication() {
        ApplyCase.cleanUpAll();
    }

    @TempDir Path dir;

    @Test
    void goingBackCarriesEveryWriteAndTheSequencesToTheOldCluster() throws Exception {
        // A script of the plan's own on the way back: it runs only with --going-back.
        java.nio.file.Files.createDirectories(dir.resolve("plan/sql"));
        java.nio.file.Files.writeString(
                dir.resolve("plan/sql/back_marker.sql"),
                "CREATE TABLE public.went_back (at timestamptz DEFAULT now());\n");
        ApplyCase ac =
                ApplyCase.create(
                        dir,
                        "  - { after: back-sequence-values, cluster: source, file:"
                                + " sql/back_marker.sql }\n");
        Db src = ac.source;
        Db tgt = ac.target;
        try {
            Cli forward = ac.apply("--all", "--writes-stopped");
            assertEquals(0, forward.exit(), forward.out() + forward.err());
            assertTrue(
                    forward.out().contains("stopping before 20 20-back-sequence-values.target.sql"),
                    forward.out());

            assertEquals(
                    0,
                    src.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'went_back'"),
                    "the way back's own script waits for --going-back");
            // The application on the new cluster: its ids come from the new cluster's sequences,
            // now ahead of the old cluster's.
            for (int i = 0; i < 200; i++) {
                tgt.exec("INSERT INTO public.orders (customer_id, total_amount) VALUES (1, 3.50)");
            }
            long newMax = tgt.queryLong("SELECT max(id) FROM public.orders");
            assertTrue(
                    src.queryLong("SELECT last_value FROM public.orders_id_seq") < newMax,
                    "before going back the old cluster's sequence is behind the new rows");

            Cli back = ac.apply("--all", "--going-back");
            assertEquals(0, back.exit(), back.out() + back.err());
            assertTrue(back.out().contains("back final LSN"), back.out());
            assertTrue(
                    back.out().contains("applied the 4 statement(s) it printed on the source"),
                    back.out());
            assertTrue(
                    back.out().contains("stopping before 22 22-drop-rollback-subscription"),
                    back.out());
            assertEquals(
                    tgt.queryLong("SELECT count(*) FROM public.orders"),
                    src.queryLong("SELECT count(*) FROM public.orders"),
                    "every write of the new cluster is on the old one");
            assertEquals(
                    newMax + 1000,
                    src.queryLong("SELECT last_value FROM public.orders_id_seq"),
                    "the old cluster's sequence is past the new one's, by the plan's margin");
            assertEquals(
                    1,
                    src.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'went_back'"),
                    "the way back ran the plan's own script");
            // The application back on the old cluster: no duplicate key.
            long id =
                    Long.parseLong(
                            src.queryString(
                                    "INSERT INTO public.orders (customer_id, legacy_total)"
                                            + " VALUES (1, 9.75) RETURNING id"));
            assertTrue(id > newMax, id + " > " + newMax);

            Cli cleanup = ac.apply("--all", "--rollback-window-closed");
            assertEquals(0, cleanup.exit(), cleanup.out() + cleanup.err());
            assertTrue(cleanup.out().contains("every step has been applied"), cleanup.out());
            assertEquals(
                    0,
                    tgt.queryLong(
                            "SELECT count(*) FROM lrplan.apply_ledger WHERE outcome = 'skipped'"));
            assertEquals(
                    0,
                    src.queryLong(
                            "SELECT count(*) FROM pg_subscription WHERE subdbid = (SELECT oid FROM"
                                    + " pg_database WHERE datname = current_database())"),
                    "the old cluster no longer subscribes to the new one");
        } finally {
            ApplyCase.cleanUpAll();
        }
    }

    @Test
    void goingBackIsRefusedWhereTheFolderHasNoWayBack() throws Exception {
        ApplyCase ac = ApplyCase.reference(dir);
        try {
            java.nio.file.Path plan = ac.plan;
            String yaml = java.nio.file.Files.readString(plan);
            assertTrue(yaml.contains("rollback: { enabled: true }"), yaml);
            java.nio.file.Files.writeString(
                    plan,
                    yaml.replace("rollback: { enabled: true }", "rollback: { enabled: false }"));
            Cli compiled = Cli.run(ac.env, "compile", plan.toString(), "-o", ac.out.toString());
            assertEquals(0, compiled.exit(), compiled.err());
            Cli refused = ac.apply("--all", "--going-back");
            assertEquals(2, refused.exit(), refused.out());
            assertTrue(refused.err().contains("has none (rollback.enabled: false)"), refused.err());
        } finally {
            ApplyCase.cleanUpAll();
        }
    }
}
