package dev.lrplan.testing;

import dev.lrplan.sandbox.Cluster;
import dev.lrplan.sandbox.EmbeddedCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real PostgreSQL servers for tests. Where a Docker engine answers, Testcontainers runs the
 * official images; elsewhere (this machine, CI) the embedded binaries from Maven Central run, as an
 * unprivileged account when the JVM is root. {@code LRPLAN_CLUSTERS=embedded|docker} forces one.
 *
 * <p>{@link #shared} servers live for the whole test run (each test makes its own database in
 * them); {@link #start} servers belong to the caller, who closes them. Either way a JVM shutdown
 * hook stops whatever is still running and removes its data.
 */
public final class Clusters {
    /**
     * Settings every test server gets: logical replication on, statement statistics for query
     * counts.
     */
    public static final Map<String, String> LOGICAL =
            Map.of(
                    "wal_level", "logical",
                    "max_replication_slots", "20",
                    "max_wal_senders", "20",
                    "shared_preload_libraries", "pg_stat_statements",
                    "max_locks_per_transaction", "256");

    private static final Map<String, Cluster> SHARED = new ConcurrentHashMap<>();
    private static final boolean DOCKER = useDocker();

    private Clusters() {}

    public static synchronized Cluster shared(String major) {
        return SHARED.computeIfAbsent(
                major,
                m -> {
                    Cluster c = start(m, LOGICAL);
                    Runtime.getRuntime()
                            .addShutdownHook(new Thread(c::close, "lrplan-test-cluster-" + m));
                    return c;
                });
    }

    public static Cluster start(String major, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        return DOCKER ? TestcontainersCluster.start(major, all) : EmbeddedCluster.start(major, all);
    }

    /**
     * Debian's PostgreSQL 15 with its pglogical package (.ci/run installs postgresql-15-pglogical).
     */
    public static final Path DEBIAN_15 = Path.of("/usr/lib/postgresql/15");

    /**
     * A PostgreSQL 15 server with pglogical loaded, from Debian's packages: the only pglogical
     * build a registry offers here. Fails (never skips) when the package is missing, so a broken CI
     * set-up cannot pass silently.
     */
    public static Cluster pglogical15() {
        if (!Files.exists(DEBIAN_15.resolve("lib/pglogical.so"))) {
            throw new AssertionError(
                    "pglogical tests need Debian's postgresql-15-pglogical (apt-get install "
                            + "postgresql-15-pglogical; .ci/run does it)");
        }
        Map<String, String> settings = new LinkedHashMap<>(LOGICAL);
        settings.put("shared_preload_libraries", "pglogical");
        settings.put("max_worker_processes", "16");
        settings.put("track_commit_timestamp", "on");
        Cluster c = EmbeddedCluster.startFrom(DEBIAN_15, "15", settings);
        Runtime.getRuntime().addShutdownHook(new Thread(c::close, "lrplan-test-pglogical"));
        return c;
    }

    private static boolean useDocker() {
        String forced = System.getenv().getOrDefault("LRPLAN_CLUSTERS", "auto");
        if (forced.equals("embedded")) {
            return false;
        }
        if (forced.equals("docker")) {
            return true;
        }
        boolean engineLikely =
                System.getenv("DOCKER_HOST") != null
                        || Files.exists(Path.of("/var/run/docker.sock"));
        if (!engineLikely) {
            return false;
        }
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
