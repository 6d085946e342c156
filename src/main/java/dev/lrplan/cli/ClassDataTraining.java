package dev.lrplan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.jar.JarFile;

/**
 * The build's run of the jar that writes the launcher's class-data archive (target/lrplan.jsa,
 * {@code -XX:ArchiveClassesAtExit}); not a command for people. It runs one command (the build
 * compiles the example plan from its snapshots), then loads, without initialising them, every class
 * of lrplan and of the PostgreSQL driver in the jar: a compile from live catalogs needs the
 * driver's classes, and the build has no server to train on. The JVM archives what was loaded, so
 * {@code ./lrplan compile} with both ends live starts with its classes parsed and verified.
 */
public final class ClassDataTraining {
    private ClassDataTraining() {}

    /** The packages loaded whole after the command. */
    private static final String[] PACKAGES = {
        "dev/lrplan/", "org/postgresql/", "org/newsclub/net/unix/"
    };

    public static void main(String[] args) throws IOException {
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        int code = Main.run(args, quiet, quiet, System.getenv());
        if (code != ExitCode.OK && code != ExitCode.BLOCKING_FINDINGS) {
            System.err.println("lrplan class-data training: the command exited " + code);
            System.exit(code);
        }
        Path jar = Path.of(System.getProperty("java.class.path"));
        int loaded = 0;
        int refused = 0;
        try (JarFile j = new JarFile(jar.toFile())) {
            for (var e : Collections.list(j.entries())) {
                String name = e.getName();
                if (!name.endsWith(".class") || name.contains("-info") || !inPackages(name)) {
                    continue;
                }
                try {
                    Class.forName(
                            name.substring(0, name.length() - ".class".length()).replace('/', '.'),
                            false,
                            ClassDataTraining.class.getClassLoader());
                    loaded++;
                } catch (ClassNotFoundException | LinkageError notLoadable) {
                    // A class for another Java version or an optional dependency: not archived.
                    refused++;
                }
            }
        }
        System.out.println(
                "lrplan class-data training: " + loaded + " classes loaded, " + refused + " not");
    }

    private static boolean inPackages(String name) {
        for (String p : PACKAGES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
