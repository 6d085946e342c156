package dev.lrplan.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ./lrplan as a user runs it, for the benchmarks that time lrplan as a process: the launcher's JVM
 * options, the jar and its class-data archive, which the build writes in the package phase (the
 * bench profile runs its tests after it).
 */
public final class Launcher {
    private Launcher() {}

    private static final Path SCRIPT = Path.of("lrplan").toAbsolutePath();

    /** The launcher's path, the program of a command line. */
    public static String script() {
        return SCRIPT.toString();
    }

    /** The command line: the launcher, then the arguments. */
    public static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(script()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * Refuses to measure when the launcher would first build the jar (a source newer than it) or
     * run without its archive: neither belongs inside a measurement.
     */
    public static void checkBuilt() throws IOException, InterruptedException {
        Path jar = Path.of("target/lrplan.jar");
        assertTrue(
                Files.exists(jar) && Files.exists(Path.of("target/lrplan.jsa")),
                "the benchmarks run ./lrplan with target/lrplan.jar and target/lrplan.jsa: run them"
                        + " through mvn -Pbench verify, which packages first");
        Process p =
                new ProcessBuilder(
                                "find",
                                "pom.xml",
                                "src/main",
                                "templates",
                                "-newer",
                                jar.toString(),
                                "-print",
                                "-quit")
                        .redirectErrorStream(true)
                        .start();
        String newer = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor());
        assertTrue(newer.isEmpty(), newer + " is newer than target/lrplan.jar: run mvn package");
    }
}
