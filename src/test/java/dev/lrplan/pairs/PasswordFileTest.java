package dev.lrplan.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.sandbox.Cluster;
import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 1: a source that asks for a password, which the operator keeps in a password file
 * (~/.pgpass or PGPASSFILE). lrplan's own connections found it through the driver before; the
 * subscription, which the target server opens, did not, and the migration failed halfway with
 * "fe_sendauth: no password supplied". Now the password reaches the subscription's connection
 * string, the migration syncs, and the target's preflight proves beforehand that the target can log
 * in with that string: a wrong one stops there, before anything is created.
 */
class PasswordFileTest {
    @TempDir Path dir;

    @Test
    void aPasswordInThePasswordFileReachesTheSubscription() throws Exception {
        try (Cluster c13 = Clusters.start("13", Clusters.LOGICAL)) {
            Db src = Db.create(c13, "pw_src");
            Db tgt = Db.create(Clusters.shared("16"), "pw_tgt");
            String table = "CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)";
            src.exec(table);
            tgt.exec(table);
            src.exec("INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 500) g");
            src.exec(
                    "SET password_encryption = 'scram-sha-256'; CREATE ROLE rep LOGIN SUPERUSER PASSWORD 'sekret'");
            // Password logins for rep from anywhere; the test's own superuser keeps trust.
            String hba = src.queryString("SHOW hba_file");
            src.exec(
                    "COPY (SELECT unnest(ARRAY['local all all trust',"
                            + " 'host all rep 127.0.0.1/32 scram-sha-256',"
                            + " 'host all rep ::1/128 scram-sha-256',"
                            + " 'host all all 127.0.0.1/32 trust', 'host all all ::1/128 trust']))"
                            + " TO '"
                            + hba
                            + "'");
            src.exec("SELECT pg_reload_conf()");

            Path pgpass = dir.resolve("pgpass");
            Files.writeString(pgpass, "*:" + c13.port() + ":*:rep:sekret\n");
            Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
            String url = "postgresql://rep@" + c13.host() + ":" + c13.port() + "/" + src.name();
            Path plan = dir.resolve("pw.yaml");
            Files.writeString(
                    plan,
                    "plan: 1\nname: pw_file\nsource: { url: \"${SRC}\" }\ntarget: { url: \"${DST}\" }\n"
                            + "rollback: { enabled: false }\n");
            Map<String, String> env =
                    Map.of("SRC", url, "DST", tgt.uri(), "PGPASSFILE", pgpass.toString());
            Path out = dir.resolve("out");
            Cli compiled = Cli.run(env, "compile", plan.toString(), "-o", out.toString());
            assertEquals(0, compiled.exit(), compiled.err());

            // By hand, with a wrong password in the subscription's string: the target's preflight
            // stops, and nothing exists afterwards.
            Process p =
                    new ProcessBuilder(
                                    "psql",
                                    "-X",
                                    "-v",
                                    "ON_ERROR_STOP=1",
                                    "-v",
                                    "source_conninfo=host="
                                            + c13.host()
                                            + " port="
                                            + c13.port()
                                            + " dbname="
                                            + src.name()
                                            + " user=rep password=wrong",
                                    "-f",
                                    out.resolve("02-preflight.target.sql").toString(),
                                    tgt.uri())
                            .redirectErrorStream(true)
                            .start();
            String said = new String(p.getInputStream().readAllBytes());
            assertNotEquals(0, p.waitFor(), said);
            assertTrue(
                    said.contains("cannot connect to the source with the connection string"), said);
            assertTrue(said.contains("password authentication failed"), said);
            assertEquals(
                    0,
                    tgt.queryLong(
                            "SELECT count(*) FROM pg_subscription"
                                    + " WHERE subname LIKE 'pw_file%'"),
                    "the probe leaves no subscription");

            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    "apply",
                                    out.toString(),
                                    "--plan",
                                    plan.toString(),
                                    "--gate-timeout",
                                    "120",
                                    "--all"));
            Cli synced = Cli.run(env, args.toArray(String[]::new));
            assertEquals(0, synced.exit(), synced.out() + synced.err());
            assertEquals(500, tgt.queryLong("SELECT count(*) FROM items"), "the rows arrived");
            assertTrue(
                    !synced.out().contains("sekret") && !synced.err().contains("sekret"),
                    "the password is never printed");
            args.add("--writes-stopped");
            args.add("--rollback-window-closed");
            Cli done = Cli.run(env, args.toArray(String[]::new));
            assertEquals(0, done.exit(), done.out() + done.err());
            assertEquals(
                    0,
                    tgt.queryLong(
                            "SELECT count(*) FROM pg_subscription WHERE subname LIKE 'pw_file%'"),
                    "cleaned up");
        }
    }
}
