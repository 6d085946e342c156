package dev.lrplan.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.compile.step.Model;
import dev.lrplan.contract.Manifest;
import dev.lrplan.db.AdminConsole;
import dev.lrplan.db.ConnInfo;
import dev.lrplan.render.Templates;
import dev.lrplan.sql.CommentText;
import dev.lrplan.sql.Ident;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import dev.lrplan.testing.Pgbouncer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Found by PgbouncerPauseBench (one run in about 30 stalled 15 s, with 0 failed transactions):
 * PAUSE closes the entry's server connections, and pgbouncer counts one that was still logging in
 * as a failed login, after which it opens none for server_login_retry while the application waits.
 * The resume step sets server_login_retry to 0 for the moment of the resume, then back. Here the
 * login PAUSE cuts is made certain (a server that accepts and never answers), and
 * server_login_retry is 300 s: the application's query must be served well before that, through the
 * resume step's reviewed script and through apply's RESUME after a failure alike, and pgbouncer's
 * setting must be what it was.
 */
class PgbouncerLoginRetryTest {
    @Test
    void theResumeStepServesTheApplicationAtOnceAfterALoginThePauseCut() throws Exception {
        try (Setup s = new Setup("bouncer_retry_step")) {
            s.runner.run(
                    "pgbouncer-repoint",
                    "repoint.sql",
                    String.join(
                            "\n",
                            "\\o " + s.bouncer.includeFile(),
                            "\\qecho '[databases]'",
                            "\\qecho 'app = " + s.targetConn + "'",
                            "\\o",
                            "RELOAD;",
                            ""));
            String resume =
                    Templates.builtIn()
                            .render(
                                    "pgbouncer/resume",
                                    Model.of()
                                            .put("file", CommentText.of("resume.sql"))
                                            .put("purpose", CommentText.of("resume"))
                                            .put("runsOn", CommentText.of("pgbouncer"))
                                            .put("preconditions", List.of())
                                            .put("transactional", CommentText.of("no"))
                                            .put("lockRisk", CommentText.of("none"))
                                            .put("undo", CommentText.of("none"))
                                            .put("database", Ident.of("app"))
                                            .put("cluster", CommentText.of("the new cluster"))
                                            .build());
            s.runner.run("pgbouncer-resume", "resume.sql", resume);
            s.assertServedAndRetryKept();
        }
    }

    @Test
    void applysResumeAfterAFailureDoesTheSame() throws Exception {
        try (Setup s = new Setup("bouncer_retry_failed")) {
            // The operator points the entry at a server that answers (the old cluster, here the
            // test's database); then apply's RESUME from a fresh session, as after a failure.
            Files.writeString(s.bouncer.includeFile(), "[databases]\napp = " + s.targetConn + "\n");
            s.admin("RELOAD;");
            s.runner.resume();
            s.assertServedAndRetryKept();
        }
    }

    /** pgbouncer with its entry on a silent server, a query waiting on it, and PAUSE. */
    private static final class Setup implements AutoCloseable {
        final Db target;
        final ServerSocket silent;
        final List<Socket> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
        final Thread acceptor;
        final Pgbouncer bouncer;
        final String targetConn;
        final PgbouncerRunner runner;
        final CompletableFuture<Integer> app;

        Setup(String name) throws Exception {
            target = Db.create(Clusters.shared("16"), name);
            silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor =
                    new Thread(
                            () -> {
                                try {
                                    while (true) {
                                        accepted.add(silent.accept());
                                    }
                                } catch (Exception closed) {
                                    // the test is over
                                }
                            });
            acceptor.setDaemon(true);
            acceptor.start();
            bouncer =
                    Pgbouncer.start(
                            target.cluster().user(),
                            "app",
                            "host=127.0.0.1 port=" + silent.getLocalPort() + " dbname=silent",
                            "transaction",
                            "trust",
                            "",
                            List.of("server_login_retry = 300"));
            targetConn =
                    "host="
                            + target.cluster().host()
                            + " port="
                            + target.cluster().port()
                            + " dbname="
                            + target.name();
            runner =
                    new PgbouncerRunner(
                            ConnInfo.parse(bouncer.adminUri(), Map.of()),
                            new Manifest.Pgbouncer(
                                    "app", bouncer.includeFile().toString(), targetConn, 10L, null),
                            new PrintWriter(new StringWriter(), true));
            app =
                    CompletableFuture.supplyAsync(
                            () -> {
                                try (Connection c =
                                                DriverManager.getConnection(
                                                        bouncer.jdbcUrl("app"));
                                        Statement st = c.createStatement();
                                        ResultSet rs =
                                                st.executeQuery(
                                                        "SELECT current_setting('server_version_num')::int")) {
                                    rs.next();
                                    return rs.getInt(1);
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (admin("SHOW SERVERS;").stream()
                    .noneMatch(r -> "app".equals(r.get("database")))) {
                assertTrue(System.nanoTime() < deadline, "pgbouncer logs in to the silent server");
                Thread.sleep(20);
            }
            runner.run("pgbouncer-pause", "pause.sql", "PAUSE app;\n");
        }

        List<Map<String, String>> admin(String command) throws Exception {
            try (AdminConsole c =
                    AdminConsole.connect(ConnInfo.parse(bouncer.adminUri(), Map.of()))) {
                return c.query(command, 10_000).rows();
            }
        }

        void assertServedAndRetryKept() throws Exception {
            // 60 s against the 300 s pgbouncer would wait: not a measure of speed.
            int version = app.get(60, TimeUnit.SECONDS);
            assertTrue(version >= 160000, "the query reached the new cluster: " + version);
            String retry =
                    admin("SHOW CONFIG;").stream()
                            .filter(r -> "server_login_retry".equals(r.get("key")))
                            .map(r -> r.get("value"))
                            .findFirst()
                            .orElseThrow();
            assertEquals("300", retry, "pgbouncer's server_login_retry is what it was");
        }

        @Override
        public void close() throws java.io.IOException {
            bouncer.close();
            silent.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
