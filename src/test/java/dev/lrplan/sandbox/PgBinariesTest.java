package dev.lrplan.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-user binaries cache: what it refuses, and that its pins follow the build's versions. */
class PgBinariesTest {
    @TempDir Path dir;

    @Test
    void withoutNetworkAMissingMajorSaysHowToPrefetchIt() {
        PgBinaries b =
                new PgBinaries(
                        Set.of(), dir.resolve("cache"), dir.resolve("no-repo").toUri().toString());
        SandboxException e = assertThrows(SandboxException.class, () -> b.home("14"));
        PgBinaries.Artifact a = PgBinaries.artifact("14");
        assertTrue(
                e.getMessage().contains("curl -fLo " + dir.resolve("cache").resolve(a.fileName())),
                e.getMessage());
        assertTrue(e.getMessage().contains(a.sha256()), e.getMessage());
        assertTrue(e.getMessage().contains("LRPLAN_MAVEN_REPOSITORY"), e.getMessage());
        assertTrue(
                Files.notExists(dir.resolve("cache").resolve(a.fileName())),
                "no partial file left");
    }

    @Test
    void aCachedFileWithOtherContentIsRefusedNotUsed() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        PgBinaries.Artifact a = PgBinaries.artifact("15");
        Files.writeString(cache.resolve(a.fileName()), "not a jar");
        PgBinaries b = new PgBinaries(Set.of(), cache, dir.toUri().toString());
        SandboxException e = assertThrows(SandboxException.class, () -> b.home("15"));
        assertTrue(
                e.getMessage().contains("does not hold the bundle lrplan expects"), e.getMessage());
    }

    @Test
    void aRepositoryFileWithOtherContentIsRefusedByItsChecksum() throws Exception {
        PgBinaries.Artifact a = PgBinaries.artifact("12");
        Path repo = dir.resolve("repo");
        Path jar = repo.resolve(PgBinaries.GROUP_PATH).resolve(a.version()).resolve(a.fileName());
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "tampered");
        Files.writeString(
                jar.resolveSibling(a.fileName() + ".sha1"),
                "0000000000000000000000000000000000000000");
        PgBinaries b = new PgBinaries(Set.of(), dir.resolve("cache"), repo.toUri().toString());
        SandboxException e = assertThrows(SandboxException.class, () -> b.home("12"));
        assertTrue(e.getMessage().contains("SHA-1"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("cache").resolve(a.fileName())));
    }

    @Test
    void unknownMajorsAreRefused() {
        SandboxException e = assertThrows(SandboxException.class, () -> PgBinaries.artifact("8.4"));
        assertTrue(e.getMessage().contains("9.6, 10, 11, 12, 13, 14, 15, 16, 17"), e.getMessage());
    }

    @Test
    void thePinnedVersionsAreTheOnesTheBuildUses() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        for (String major : PgBinaries.majors()) {
            String prop = "pg" + major.replace(".", "") + ".version";
            Matcher m = Pattern.compile("<" + Pattern.quote(prop) + ">([^<]+)<").matcher(pom);
            assertTrue(m.find(), prop);
            assertEquals(m.group(1), PgBinaries.artifact(major).version(), prop);
        }
    }
}
