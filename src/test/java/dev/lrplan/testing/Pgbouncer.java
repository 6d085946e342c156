package dev.lrplan.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's pgbouncer (.ci/run installs it) in front of a test cluster: listening on a free local
 * port, trusting the cluster's superuser, with the application's entry in an include file that
 * lrplan may rewrite. As root it runs as "nobody" (pgbouncer refuses root); its folder is then
 * readable by all.
 */
public final class Pgbouncer implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/pgbouncer");

    private final Process process;
    private final Path dir;
    private final int port;
    private final String user;

    private Pgbouncer(Process process, Path dir, int port, String user) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.user = user;
    }

    /**
     * Starts pgbouncer with entry {@code database} = {@code connect} in {@code include.ini}, pool
     * mode {@code poolMode}.
     */
    public static Pgbouncer start(String user, String database, String connect, String poolMode)
            throws IOException, InterruptedException {
        return start(user, database, connect, poolMode, "trust", "");
    }

    /** As above, with an auth_type and the user's password in the auth file (plain text). */
    public static Pgbouncer start(
            String user,
            String database,
            String connect,
            String poolMode,
            String authType,
            String password)
            throws IOException, InterruptedException {
        return start(user, database, connect, poolMode, authType, password, List.of());
    }

    /** As above, with more lines for pgbouncer.ini's [pgbouncer] section. */
    public static Pgbouncer start(
            String user,
            String database,
            String connect,
            String poolMode,
            String authType,
            String password,
            List<String> settings)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(
                    "pgbouncer tests need Debian's pgbouncer (apt-get install pgbouncer; .ci/run does it)");
        }
        Path dir = Files.createTempDirectory("lrplan-pgbouncer-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path include = dir.resolve("include.ini");
        Files.writeString(include, "[databases]\n" + database + " = " + connect + "\n");
        Files.writeString(dir.resolve("users.txt"), "\"" + user + "\" \"" + password + "\"\n");
        Files.writeString(
                dir.resolve("pgbouncer.ini"),
                String.join(
                        "\n",
                        "[databases]",
                        "%include " + include,
                        "[pgbouncer]",
                        "listen_addr = 127.0.0.1",
                        "listen_port = " + port,
                        "unix_socket_dir =",
                        "auth_type = " + authType,
                        "auth_file = " + dir.resolve("users.txt"),
                        "admin_users = " + user,
                        "pool_mode = " + poolMode,
                        "default_pool_size = 10",
                        "ignore_startup_parameters = extra_float_digits",
                        String.join("\n", settings),
                        ""));
        for (String f : List.of("include.ini", "users.txt", "pgbouncer.ini")) {
            Files.setPosixFilePermissions(
                    dir.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
        }
        List<String> cmd = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        }
        cmd.addAll(List.of(BINARY.toString(), dir.resolve("pgbouncer.ini").toString()));
        Process p =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("pgbouncer.log").toFile())
                        .start();
        Pgbouncer b = new Pgbouncer(p, dir, port, user);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return b;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    String log = Files.readString(dir.resolve("pgbouncer.log"));
                    b.close();
                    throw new AssertionError("pgbouncer did not start:\n" + log);
                }
                Thread.sleep(50);
            }
        }
    }

    public int port() {
        return port;
    }

    public Path includeFile() {
        return dir.resolve("include.ini");
    }

    /** The admin console's connection string. */
    public String adminUri() {
        return "postgresql://" + user + "@127.0.0.1:" + port + "/pgbouncer?sslmode=disable";
    }

    /** A JDBC URL through pgbouncer to an entry. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:"
                + port
                + "/"
                + database
                + "?user="
                + user
                + "&preferQueryMode=simple&sslmode=disable";
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("pgbouncer.log"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        // The folder holds only what start() wrote and pgbouncer's log.
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // a leftover temporary folder is not a test failure
        }
    }
}
