package dev.lrplan.apply;

import dev.lrplan.contract.Cluster;
import dev.lrplan.contract.Manifest;
import dev.lrplan.contract.Manifest.Entry;
import dev.lrplan.contract.Manifest.Identity;
import dev.lrplan.contract.ManifestException;
import dev.lrplan.render.Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled folder as apply reads it: its manifest, the manifest's own SHA-256 (printed by apply
 * so that it can be compared with the ticket), and the step files the manifest lists.
 */
public record Folder(Path dir, String sha256, Manifest manifest) {

    public static Folder read(Path dir) throws IOException {
        Path file = dir.resolve("manifest.json");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw ApplyException.refused(
                    dir + " has no manifest.json: is it a folder written by lrplan compile?");
        }
        try {
            return new Folder(dir, Output.sha256(bytes), Manifest.parse(bytes, file.toString()));
        } catch (ManifestException e) {
            throw ApplyException.refused(e.getMessage());
        }
    }

    public String planName() {
        return manifest.planName();
    }

    /** The pgbouncer entry the switchover pauses and re-points; null without one. */
    public dev.lrplan.contract.Manifest.Pgbouncer pgbouncer() {
        return manifest.pgbouncer();
    }

    public String strategy() {
        return manifest.replication().strategy();
    }

    public String publication() {
        return manifest.replication().publication();
    }

    /** The forward publications, for the snapshot copy's table list. */
    public java.util.List<String> publications() {
        return manifest.replication().publications();
    }

    public String subscription() {
        return manifest.replication().subscription();
    }

    public String slot() {
        return manifest.replication().slot();
    }

    public String rollbackSubscription() {
        return manifest.replication().rollbackSubscription();
    }

    public String rollbackSlot() {
        return manifest.replication().rollbackSlot();
    }

    public long stageIntervalSeconds() {
        Long s = manifest.replication().stageIntervalSeconds();
        return s == null ? 0 : s;
    }

    public List<Entry> steps() {
        return manifest.steps();
    }

    public Identity source() {
        return manifest.source();
    }

    public Identity target() {
        return manifest.target();
    }

    public Identity identity(Cluster c) {
        return manifest.identity(c);
    }

    /**
     * Every step file's bytes must have the checksum the manifest records: a file edited after
     * review is refused, by name, before anything runs.
     */
    public void verifyFiles() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Entry e : steps()) {
            Path f = dir.resolve(e.file());
            if (!Files.isRegularFile(f)) {
                problems.add(e.file() + " is missing");
            } else if (!Output.sha256(Files.readAllBytes(f)).equals(e.sha256())) {
                problems.add(
                        e.file()
                                + " was changed after compile (its SHA-256 is not the manifest's)");
            }
        }
        if (!problems.isEmpty()) {
            throw ApplyException.refused(
                    "refusing to apply "
                            + dir
                            + ": "
                            + String.join("; ", problems)
                            + ". Recompile and review again, or restore the reviewed files.");
        }
    }

    public Entry step(int number) {
        return steps().stream()
                .filter(s -> s.number() == number)
                .findFirst()
                .orElseThrow(
                        () ->
                                ApplyException.usage(
                                        "there is no step "
                                                + number
                                                + " in "
                                                + dir
                                                + " (steps 1 to "
                                                + steps().size()
                                                + ")"));
    }
}
