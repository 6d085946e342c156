package dev.lrplan.testing;

import dev.lrplan.sandbox.Cluster;
import dev.lrplan.sandbox.EmbeddedCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real PostgreSQL servers for tests. Where a Docker engine answers, Testcontainers runs the official
 * images; elsewhere (this machine, CI) the embedded binaries from Maven Central run, as an
 * unprivileged account when the JVM is root. {@code LRPLAN_CLUSTERS=embedded|docker} forces one.
 *
 * <p>{@link #shared} servers live for the whole test run (each test makes its own database in them);
 * {@link #start} servers belong to the caller, who closes them. Either way a JVM shutdown hook stops
 * whatever is still running and removes its data.
 */
public final class Clusters {
    /** Settings every test server gets: logical replication on, statement statistics for query counts. */
    public static final Map<String, String> LOGICAL = Map.of(
            "wal_level", "logical",
            "max_replication_slots", "20",
            "max_wal_senders", "20",
            "shared_preload_libraries", "pg_stat_statements",
            "max_locks_per_transaction", "256");

    private static final Map<String, Cluster> SHARED = new ConcurrentHashMap<>();
    private static final boolean DOCKER = useDocker();

    private Clusters() {}

    public static synchronized Cluster shared(String major) {
        return SHARED.computeIfAbsent(major, m -> {
            Cluster c = start(m, LOGICAL);
            Runtime.getRuntime().addShutdownHook(new Thread(c::close, "lrplan-test-cluster-" + m));
            return c;
        });
    }

    public static Cluster start(String major, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        return DOCKER ? TestcontainersCluster.start(major, all) : EmbeddedCluster.start(major, all);
    }

    private static boolean useDocker() {
        String forced = System.getenv().getOrDefault("LRPLAN_CLUSTERS", "auto");
        if (forced.equals("embedded")) {
            return false;
        }
        if (forced.equals("docker")) {
            return true;
        }
        boolean engineLikely = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
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
