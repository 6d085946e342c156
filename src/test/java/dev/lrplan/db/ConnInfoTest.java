package dev.lrplan.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnInfoTest {
    @Test
    void readsLibpqUris() {
        ConnInfo c =
                ConnInfo.parse(
                        "postgresql://app:p%40ss@db.example:6543/shop?sslmode=require", Map.of());
        assertEquals("db.example", c.host());
        assertEquals(6543, c.port());
        assertEquals("shop", c.database());
        assertEquals("app", c.user());
        assertEquals("p@ss", c.keywords().get("password"));
        assertEquals("require", c.jdbcProperties().getProperty("sslmode"));
        assertEquals("jdbc:postgresql://db.example:6543/shop", c.jdbcUrl());
        assertFalse(c.describe().contains("p@ss"));
    }

    @Test
    void readsKeyValueStringsWithQuotes() {
        ConnInfo c =
                ConnInfo.parse(
                        "host=h port=5433 dbname='my db' user=u password='a b\\'c'", Map.of());
        assertEquals("my db", c.database());
        assertEquals("a b'c", c.keywords().get("password"));
        assertEquals("jdbc:postgresql://h:5433/my%20db", c.jdbcUrl());
    }

    @Test
    void fillsGapsFromPgEnvironmentVariables() {
        ConnInfo c =
                ConnInfo.parse(
                        "dbname=shop",
                        Map.of(
                                "PGHOST",
                                "envhost",
                                "PGPORT",
                                "7777",
                                "PGUSER",
                                "envuser",
                                "PGPASSWORD",
                                "envpw"));
        assertEquals("envhost", c.host());
        assertEquals(7777, c.port());
        assertEquals("envuser", c.user());
        assertEquals("envpw", c.keywords().get("password"));
        assertEquals("shop", c.database());
    }

    @TempDir Path dir;

    /** What libpq refuses, lrplan refuses too, loudly; what it cannot pass on yet, as well. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "hostt=db dbname=shop | invalid connection option \"hostt\"",
                "host=@pg dbname=shop | abstract namespace",
                "postgresql://db/shop?sslmod=require | invalid connection option \"sslmod\"",
                "host=a,b,c port=5432,5433 dbname=shop | could not match 2 port numbers to 3 hosts",
                "host=a,/tmp dbname=shop | a host list with a Unix socket directory",
                "host=a,b port=5432,0 dbname=shop | invalid port number",
                "host=a,b target_session_attrs=master | invalid target_session_attrs value",
                "host=a,b load_balance_hosts=yes | invalid load_balance_hosts value",
                "service=nowhere | definition of service \"nowhere\" not found",
                "host=db keepalives=1 | not supported by lrplan yet",
                "jdbc:postgresql://db/shop?currentSchema=x | invalid connection option \"currentSchema\"",
                "u:secret@db/shop | not a connection string",
            })
    void refusesWhatItCannotHonour(String text, String message) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ConnInfo.parse(text, Map.of()));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    /**
     * libpq's host lists: one port for all, or one each; the URI form's elements as libpq splits
     * them.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "host=a,b port=5433 dbname=shop | a:5433 b:5433",
                "host=a,b port=5433,5434 dbname=shop | a:5433 b:5434",
                "host=a,,b port=1,,3 dbname=shop | a:1 localhost:5432 b:3",
                "postgresql://a:1,b:2/shop | a:1 b:2",
                "postgresql://a,[::1]:2,c/shop | a:5432 [::1]:2 c:5432",
                "postgresql://u@a:1,b/shop?target_session_attrs=read-write | a:1 b:5432",
                "jdbc:postgresql://a:1,b:2/shop | a:1 b:2",
            })
    void hostListsPairAsLibpqPairsThem(String text, String want) {
        ConnInfo c = ConnInfo.parse(text, Map.of());
        assertEquals(
                want,
                String.join(" ", c.hosts().stream().map(ConnInfo.HostPort::toString).toList()));
        // The subscription's string names the same list, and parses back to it.
        assertEquals(c.hosts(), ConnInfo.parse(c.libpq(), Map.of()).hosts(), c.libpq());
    }

    @Test
    void targetSessionAttrsReachTheDriverAndTheSubscription() {
        ConnInfo c =
                ConnInfo.parse(
                        "host=a,b dbname=shop",
                        Map.of(
                                "PGTARGETSESSIONATTRS",
                                "read-write",
                                "PGLOADBALANCEHOSTS",
                                "random"));
        assertEquals("primary", c.jdbcProperties().getProperty("targetServerType"));
        assertEquals("true", c.jdbcProperties().getProperty("loadBalanceHosts"));
        assertTrue(c.libpq().contains("target_session_attrs='read-write'"), c.libpq());
        assertTrue(c.libpq().contains("load_balance_hosts='random'"), c.libpq());
        assertEquals("jdbc:postgresql://a:5432,b:5432/shop", c.jdbcUrl());
    }

    @Test
    void aBareWordIsADatabaseAndJdbcNamesMapToLibpqs() {
        assertEquals("shop", ConnInfo.parse("shop", Map.of()).database());
        ConnInfo j =
                ConnInfo.parse(
                        "jdbc:postgresql://db:5433/shop?ApplicationName=ticket-42&options=-c%20statement_timeout%3D5s",
                        Map.of());
        assertEquals("ticket-42", j.jdbcProperties().getProperty("ApplicationName"));
        assertEquals("-c statement_timeout=5s", j.jdbcProperties().getProperty("options"));
        assertTrue(j.libpq().contains("options='-c statement_timeout=5s'"), j.libpq());
    }

    @Test
    void serviceFilesFillWhatTheStringLeavesOutAsLibpqDoes() throws Exception {
        Path file = dir.resolve("services.conf");
        Files.writeString(
                file,
                "# services\n"
                        + "[other]\nhost=wrong\n"
                        + "[prod]\n host = db.prod \nport=6432\ndbname=shop\nuser=app\n"
                        + "options=-c statement_timeout=5s\n"
                        + "[bad]\nhostt=x\n"
                        + "[nested]\nservice=prod\n");
        Map<String, String> env = Map.of("PGSERVICEFILE", file.toString(), "PGPORT", "1111");
        ConnInfo c = ConnInfo.parse("service=prod", env);
        assertEquals("db.prod", c.host());
        assertEquals(6432, c.port(), "the service wins over PGPORT");
        assertEquals("shop", c.database());
        assertEquals("app", c.user());
        assertTrue(c.libpq().contains("host='db.prod'"), "spelled out for the subscription");
        assertFalse(c.libpq().contains("service"), c.libpq());
        assertEquals("other-db", ConnInfo.parse("service=prod dbname=other-db", env).database());
        assertEquals(
                "db.prod",
                ConnInfo.parse(
                                "dbname=x",
                                Map.of("PGSERVICEFILE", file.toString(), "PGSERVICE", "prod"))
                        .host(),
                "PGSERVICE");
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ConnInfo.parse("service=bad", env))
                        .getMessage()
                        .contains("invalid connection option \"hostt\""));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ConnInfo.parse("service=nested", env))
                        .getMessage()
                        .contains("nested service"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        ConnInfo.parse(
                                                "service=prod",
                                                Map.of(
                                                        "PGSERVICEFILE",
                                                        dir.resolve("none").toString())))
                        .getMessage()
                        .contains("not found"));
        Path sysconf = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(sysconf.resolve("pg_service.conf"), "[sys]\nhost=from-system\n");
        assertEquals(
                "from-system",
                ConnInfo.parse("service=sys", Map.of("PGSYSCONFDIR", sysconf.toString())).host(),
                "the system file when the user's has no such service");
    }

    @Test
    void thePasswordFileFillsThePasswordAsLibpqReadsIt() throws Exception {
        Path pgpass = dir.resolve("pgpass");
        Files.writeString(
                pgpass,
                "# comment\n"
                        + "other:5432:*:app:wrong\n"
                        + "db\\:x:5432:shop:app:not-this-one\n"
                        + "db:*:shop:app:pa\\:ss\\\\word:tail\n"
                        + "*:*:*:*:fallback\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        Map<String, String> env = Map.of("PGPASSFILE", pgpass.toString());
        ConnInfo c = ConnInfo.parse("host=db port=6000 dbname=shop user=app", env);
        assertEquals("pa:ss\\word:tail", c.keywords().get("password"));
        assertTrue(c.libpq().contains("password="), "the subscription's string carries it");
        assertEquals(
                "fallback",
                ConnInfo.parse("host=x dbname=y user=z", env).keywords().get("password"));
        assertEquals(
                "given",
                ConnInfo.parse("host=db dbname=shop user=app password=given", env)
                        .keywords()
                        .get("password"),
                "a password in the string wins");
        Path passfile = dir.resolve("other");
        Files.writeString(passfile, "*:*:*:*:from-passfile\n");
        Files.setPosixFilePermissions(passfile, PosixFilePermissions.fromString("rw-------"));
        assertEquals(
                "from-passfile",
                ConnInfo.parse("host=db dbname=shop user=app passfile=" + passfile, env)
                        .keywords()
                        .get("password"),
                "the passfile keyword wins over PGPASSFILE");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-r--r--"));
        IllegalArgumentException open =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ConnInfo.parse("host=db dbname=shop user=app", env));
        assertTrue(open.getMessage().contains("chmod 0600"), open.getMessage());
    }
}
