package dev.lrplan.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lrplan.render.Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A compiled folder's {@code manifest.json}, read back: the reviewed order, each file's checksum
 * and cluster, and what each cluster must be. The manifest's own SHA-256 is printed by apply so
 * that it can be compared with the ticket.
 */
public record Manifest(
        Path dir,
        String sha256,
        String planName,
        String planSha256,
        Identity source,
        Identity target,
        String publication,
        String subscription,
        String slot,
        long stageIntervalSeconds,
        String strategy,
        List<Entry> steps) {

    /** What a cluster must be; null fields were unknown at compile time (a schema-file target). */
    public record Identity(int major, String systemIdentifier, String database) {}

    /** One step as the manifest lists it. */
    public record Entry(
            int number,
            String file,
            String name,
            Cluster cluster,
            String phase,
            boolean transactional,
            String gate,
            String hold,
            String output,
            String sha256) {
        public String label() {
            return String.format("%02d %s", number, file);
        }

        public boolean emitsTargetSql() {
            return "target-sql".equals(output);
        }
    }

    /** The two clusters a step can run on. */
    public enum Cluster {
        SOURCE,
        TARGET;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static Manifest read(Path dir) throws IOException {
        Path file = dir.resolve("manifest.json");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw ApplyException.refused(
                    dir + " has no manifest.json: is it a folder written by lrplan compile?");
        }
        JsonNode m;
        try {
            m = dev.lrplan.json.Json.read(bytes);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw ApplyException.refused(
                    file
                            + " is not valid JSON (line "
                            + e.getLocation().getLineNr()
                            + "): is it"
                            + " truncated? Restore the reviewed folder");
        }
        if (m == null
                || !m.isObject()
                || !"lrplan-manifest".equals(m.path("format").asText())
                || m.path("formatVersion").asInt() != 1) {
            throw ApplyException.refused(file + " is not an lrplan manifest of format version 1");
        }
        List<Entry> steps = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!m.path("steps").isArray() || m.path("steps").isEmpty()) {
            problems.add("it lists no steps");
        }
        int expected = 1;
        for (JsonNode s : m.path("steps")) {
            String where = "step " + expected;
            String f = s.path("file").asText("");
            java.util.regex.Matcher fm = STEP_FILE.matcher(f);
            if (s.path("number").asInt(-1) != expected) {
                problems.add(
                        where
                                + " has number "
                                + s.path("number")
                                + "; steps are numbered 1, 2, 3 …");
            } else if (!fm.matches() || Integer.parseInt(fm.group(1)) != expected) {
                problems.add(
                        where
                                + ": file "
                                + dev.lrplan.sql.Sql.printable(f)
                                + " is not a step file name of this"
                                + " folder (NN-name.source.sql or NN-name.target.sql, no path)");
            } else if (!fm.group(3).equals(s.path("cluster").asText())) {
                problems.add(
                        where
                                + ": the cluster "
                                + dev.lrplan.sql.Sql.printable(s.path("cluster").asText())
                                + " disagrees with its file name");
            } else if (!s.path("sha256").asText("").matches("[0-9a-f]{64}")) {
                problems.add(where + ": no SHA-256");
            } else if (!oneOf(s, "gate", "sync", "lag", "final-lsn", "stage")
                    || !oneOf(s, "hold", "writes-stopped", "rollback-window-closed")
                    || !oneOf(s, "output", "target-sql")) {
                problems.add(where + ": an unknown gate, hold or output");
            } else {
                steps.add(
                        new Entry(
                                expected,
                                f,
                                fm.group(2),
                                Cluster.valueOf(fm.group(3).toUpperCase(Locale.ROOT)),
                                s.path("phase").asText(),
                                s.path("transactional").asBoolean(),
                                text(s, "gate"),
                                text(s, "hold"),
                                text(s, "output"),
                                s.path("sha256").asText()));
            }
            expected++;
        }
        if (!problems.isEmpty()) {
            throw ApplyException.refused(
                    file
                            + " is not a valid lrplan manifest: "
                            + String.join("; ", problems)
                            + ". Restore the reviewed folder");
        }
        JsonNode r = m.path("replication");
        return new Manifest(
                dir,
                Output.sha256(bytes),
                m.path("plan").path("name").asText(),
                m.path("plan").path("sha256").asText(),
                identity(m.path("clusters").path("source")),
                identity(m.path("clusters").path("target")),
                text(r, "publication"),
                text(r, "subscription"),
                text(r, "slot"),
                Math.max(0, r.path("stageIntervalSeconds").asLong(0)),
                r.path("strategy").asText("native"),
                List.copyOf(steps));
    }

    private static final java.util.regex.Pattern STEP_FILE =
            java.util.regex.Pattern.compile("([0-9]{2,})-([a-z0-9-]+)\\.(source|target)\\.sql");

    private static boolean oneOf(JsonNode s, String field, String... allowed) {
        return !s.has(field)
                || s.get(field).isNull()
                || java.util.Arrays.asList(allowed).contains(s.get(field).asText());
    }

    private static Identity identity(JsonNode c) {
        return new Identity(
                c.path("major").asInt(), text(c, "systemIdentifier"), text(c, "database"));
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    public Identity identity(Cluster c) {
        return c == Cluster.SOURCE ? source : target;
    }

    /**
     * Every step file's bytes must have the checksum the manifest records: a file edited after
     * review is refused, by name, before anything runs.
     */
    public void verifyFiles() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Entry e : steps) {
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
        return steps.stream()
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
                                                + steps.size()
                                                + ")"));
    }
}
