package dev.lrplan.testing;

import dev.lrplan.sandbox.Cluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** A server in a container from the official postgres image, used where a Docker engine exists. */
final class TestcontainersCluster implements Cluster {
    private final String major;
    private final PostgreSQLContainer<?> container;

    private TestcontainersCluster(String major, PostgreSQLContainer<?> container) {
        this.major = major;
        this.container = container;
    }

    static TestcontainersCluster start(String major, Map<String, String> settings) {
        List<String> command = new ArrayList<>(List.of("postgres"));
        settings.forEach(
                (k, v) -> {
                    command.add("-c");
                    command.add(k + "=" + v);
                });
        PostgreSQLContainer<?> c =
                new PostgreSQLContainer<>(DockerImageName.parse("postgres:" + major))
                        .withUsername("postgres")
                        .withPassword("postgres")
                        .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust");
        c.setCommand(command.toArray(String[]::new));
        c.start();
        return new TestcontainersCluster(major, c);
    }

    @Override
    public String major() {
        return major;
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
    }

    @Override
    public String user() {
        return "postgres";
    }

    @Override
    public void close() {
        container.stop();
    }
}
