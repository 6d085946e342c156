package dev.lrplan.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL server started from the embedded binaries: its own data directory under the temp
 * directory, a free loopback port, trust authentication for the superuser {@code postgres}. Runs as
 * an unprivileged account when the JVM is root. A shutdown hook stops it if the JVM exits first.
 */
public final class EmbeddedCluster implements Cluster {
    private static final String SUPERUSER = "postgres";

    private final String major;
    private final Path home;
    private final Path root;
    private final Path data;
    private final int port;
    private final ServerAccount account;
    private final Thread shutdownHook;
    private boolean stopped;

    private EmbeddedCluster(String major, Path home, Path root, int port, ServerAccount account) {
        this.major = major;
        this.home = home;
        this.root = root;
        this.data = root.resolve("data");
        this.port = port;
        this.account = account;
        this.shutdownHook = new Thread(this::stopQuietly, "lrplan-sandbox-stop-" + port);
    }

    /** Whether binaries for this major are on the class path. */
    public static boolean available(String major) {
        return Binaries.available(major);
    }

    /**
     * Starts a fresh server of the given major ("9.6", "10", … "17"). {@code settings} go into
     * postgresql.conf (e.g. wal_level=logical).
     */
    public static EmbeddedCluster start(String major, Map<String, String> settings) {
        return startFrom(Binaries.install(major), major, settings);
    }

    /** Starts a fresh server of the given major from wherever {@code binaries} finds it. */
    public static EmbeddedCluster start(
            PgBinaries binaries, String major, Map<String, String> settings) {
        return startFrom(binaries.home(major), major, settings);
    }

    /**
     * Starts a fresh server from an installation already on the machine ({@code home/bin/initdb}
     * …), such as Debian's {@code /usr/lib/postgresql/15}, whose modules (pglogical) the embedded
     * binaries lack.
     */
    public static EmbeddedCluster startFrom(Path home, String major, Map<String, String> settings) {
        ServerAccount account = ServerAccount.detect();
        SandboxException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Path root = null;
            try {
                root = Files.createTempDirectory("lrplan-sandbox-" + major + "-");
                Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
                EmbeddedCluster c = new EmbeddedCluster(major, home, root, freePort(), account);
                c.initAndStart(settings);
                return c;
            } catch (SandboxException e) {
                last = e; // most likely the port was taken between probing and binding: try another
                if (root != null) {
                    Binaries.deleteTree(root);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw last;
    }

    private void initAndStart(Map<String, String> settings) throws IOException {
        Files.createDirectories(data);
        account.own(data);
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        Processes.run(
                account.command(
                        List.of(
                                bin("initdb"),
                                "-D",
                                data.toString(),
                                "-U",
                                SUPERUSER,
                                "-A",
                                "trust",
                                "-E",
                                "UTF8",
                                "--locale=C",
                                "-N")),
                Map.of("LC_ALL", "C", "TZ", "UTC"),
                root);
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("listen_addresses", "127.0.0.1");
        conf.put("port", Integer.toString(port));
        conf.put("unix_socket_directories", "");
        conf.put("fsync", "off");
        conf.put("full_page_writes", "off");
        conf.put("synchronous_commit", "off");
        conf.put("timezone", "UTC");
        conf.putAll(settings);
        StringBuilder lines = new StringBuilder("\n# lrplan sandbox\n");
        conf.forEach(
                (k, v) ->
                        lines.append(k).append(" = '").append(v.replace("'", "''")).append("'\n"));
        Files.writeString(
                data.resolve("postgresql.conf"),
                lines,
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            Processes.run(
                    account.command(
                            List.of(
                                    bin("pg_ctl"),
                                    "-D",
                                    data.toString(),
                                    "-l",
                                    data.resolve("server.log").toString(),
                                    "-w",
                                    "-t",
                                    "60",
                                    "start")),
                    Map.of("LC_ALL", "C"),
                    root);
        } catch (SandboxException e) {
            removeHook();
            throw new SandboxException(e.getMessage() + "\nserver log:\n" + serverLog());
        }
    }

    private String bin(String name) {
        return home.resolve("bin").resolve(name).toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The server's log so far (for failure messages). */
    public String serverLog() {
        try {
            Path log = data.resolve("server.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read server log: " + e.getMessage() + ")";
        }
    }

    @Override
    public String major() {
        return major;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String user() {
        return SUPERUSER;
    }

    @Override
    public synchronized void close() {
        stopQuietly();
        removeHook();
    }

    /**
     * Leaves the server running after this JVM exits (rehearse --keep): no stop at shutdown, its
     * data directory kept. It is then the operator's to stop: {@code pg_ctl -D DIR stop}.
     */
    public synchronized void keep() {
        removeHook();
        stopped = true;
    }

    /** The data directory, for the operator of a kept server. */
    public Path dataDirectory() {
        return data;
    }

    private synchronized void stopQuietly() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            Processes.run(
                    account.command(
                            List.of(
                                    bin("pg_ctl"),
                                    "-D",
                                    data.toString(),
                                    "-m",
                                    "fast",
                                    "-w",
                                    "-t",
                                    "30",
                                    "stop")),
                    Map.of("LC_ALL", "C"),
                    root);
        } catch (RuntimeException e) {
            // Fall through: the data directory goes either way, and a server without one exits.
            killPostmaster();
        } finally {
            Binaries.deleteTree(root);
        }
    }

    private void killPostmaster() {
        try {
            Path pid = data.resolve("postmaster.pid");
            if (Files.exists(pid)) {
                String first = Files.readAllLines(pid).get(0).strip();
                ProcessHandle.of(Long.parseLong(first)).ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (IOException | RuntimeException ignored) {
            // nothing more can be done here
        }
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException ignored) {
            // already shutting down, or never added
        }
    }
}
