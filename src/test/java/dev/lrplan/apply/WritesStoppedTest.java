package dev.lrplan.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --writes-stopped} checked and enforced, on real 13 and 16 clusters: a transaction still
 * writing on the source stops the final-position step before the point of no return, and its write
 * is not lost once it commits; with switchover.read_only_roles lrplan stops the application's
 * writes itself (its sessions end, new ones are read-only) and the way back lets it write again.
 */
class WritesStoppedTest {
    @TempDir Path dir;

    @AfterEach
    void dropReplication() {
        ApplyCase.cleanUpAll();
    }

    @Test
    void aTransactionStillWritingStopsTheFinalPositionAndItsWriteArrivesOnceCommitted()
            throws Exception {
        ApplyCase ac = ApplyCase.reference(dir);
        assertEquals(0, ac.apply("--all").exit());
        try (Connection app = ac.source.connect();
                Statement st = app.createStatement()) {
            app.setAutoCommit(false);
            st.execute("SET application_name = 'the application'");
            st.execute("INSERT INTO public.orders (customer_id, legacy_total) VALUES (1, 123.45)");
            Cli refused = ac.apply("--all", "--writes-stopped");
            assertEquals(3, refused.exit(), refused.out() + refused.err());
            assertTrue(
                    refused.err().contains("a transaction is still writing on the source"),
                    refused.err());
            assertTrue(refused.err().contains("the application"), refused.err());
            assertEquals(
                    0,
                    ac.target.queryLong(
                                    "SELECT count(*) FROM pg_subscription WHERE subname IS NULL")
                            + ac.target.queryLong(
                                    "SELECT count(*) FROM lrplan.apply_ledger WHERE file LIKE"
                                            + " '%drop-subscription%'"),
                    "nothing past the final position ran");
            app.commit();
        }
        Cli done = ac.apply("--all", "--writes-stopped");
        assertEquals(0, done.exit(), done.out() + done.err());
        assertEquals(
                1,
                ac.target.queryLong(
                        "SELECT count(*) FROM public.orders WHERE total_amount = 123.45"),
                "the write committed after the refusal reached the new cluster");
    }

    @Test
    void readOnlyRolesStopTheApplicationAndTheWayBackLetsItWriteAgain() throws Exception {
        ApplyCase ac = ApplyCase.reference(dir);
        String role = "app_" + ac.source.name();
        ac.source.exec(
                "CREATE ROLE "
                        + role
                        + " LOGIN; GRANT ALL ON ALL TABLES IN SCHEMA public TO "
                        + role
                        + "; GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO "
                        + role);
        try {
            String yaml = Files.readString(ac.plan);
            Files.writeString(
                    ac.plan,
                    yaml.replace(
                            "  sequence_margin: 1000\n",
                            "  sequence_margin: 1000\n  read_only_roles: [" + role + "]\n"));
            Cli compiled = Cli.run(ac.env, "compile", ac.plan.toString(), "-o", ac.out.toString());
            assertEquals(0, compiled.exit(), compiled.err());

            Cli first = ac.apply("--all");
            assertEquals(0, first.exit(), first.out() + first.err());
            assertTrue(
                    first.out()
                            .contains("14-source-read-only.source.sql: it makes the application's"),
                    first.out());
            assertTrue(first.out().contains(" --switchover"), first.out());

            try (Connection app = as(ac.source, role);
                    Statement st = app.createStatement()) {
                st.execute(
                        "INSERT INTO public.orders (customer_id, legacy_total) VALUES (1, 1.00)");
                Cli switched = ac.apply("--all", "--switchover");
                assertEquals(0, switched.exit(), switched.out() + switched.err());
                assertThrows(
                        SQLException.class,
                        () -> st.execute("SELECT 1"),
                        "the application's open session was ended");
            }
            try (Connection app = as(ac.source, role);
                    Statement st = app.createStatement()) {
                SQLException e =
                        assertThrows(
                                SQLException.class,
                                () ->
                                        st.execute(
                                                "INSERT INTO public.orders (customer_id,"
                                                        + " legacy_total) VALUES (1, 2.00)"));
                assertTrue(e.getMessage().contains("read-only transaction"), e.getMessage());
            }
            assertEquals(
                    1,
                    ac.target.queryLong(
                            "SELECT count(*) FROM public.orders WHERE total_amount = 1.00"),
                    "the write before the stop arrived");

            Cli back = ac.apply("--all", "--going-back");
            assertEquals(0, back.exit(), back.out() + back.err());
            try (Connection app = as(ac.source, role);
                    Statement st = app.createStatement()) {
                st.execute(
                        "INSERT INTO public.orders (customer_id, legacy_total) VALUES (1, 333.33)");
            }
            assertEquals(
                    1,
                    ac.source.queryLong(
                            "SELECT count(*) FROM public.orders WHERE legacy_total = 333.33"),
                    "back on the old cluster, the application writes again");
        } finally {
            ApplyCase.cleanUpAll();
            ac.source.exec(
                    "ALTER ROLE "
                            + role
                            + " IN DATABASE "
                            + ac.source.name()
                            + " RESET ALL; DROP OWNED BY "
                            + role
                            + "; DROP ROLE "
                            + role);
        }
    }

    private static Connection as(Db db, String role) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", role);
        return DriverManager.getConnection(
                "jdbc:postgresql://"
                        + db.cluster().host()
                        + ":"
                        + db.cluster().port()
                        + "/"
                        + db.name(),
                p);
    }
}
