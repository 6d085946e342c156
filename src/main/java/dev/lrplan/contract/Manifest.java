package dev.lrplan.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lrplan.json.Json;
import dev.lrplan.sql.Sql;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled folder's {@code manifest.json}: the reviewed order of the steps, each file's checksum,
 * cluster, gate, hold and output, what each cluster must be, and the replication objects' names.
 * Compile writes it with {@link #json}, apply reads it with {@link #parse}; both use these records,
 * so a field or value one side knows and the other does not cannot exist.
 */
public record Manifest(
        String toolVersion,
        String planName,
        String planSha256,
        Input sourceInput,
        Input targetInput,
        Identity source,
        Identity target,
        Replication replication,
        Pgbouncer pgbouncer,
        List<Entry> steps) {
    public Manifest {
        steps = List.copyOf(steps);
    }

    public static final String FORMAT = "lrplan-manifest";
    public static final int FORMAT_VERSION = 1;

    /** The strategies whose folders apply knows how to run: a third one adds its name here. */
    public static final java.util.List<String> STRATEGIES =
            java.util.List.of("native", "pglogical", "snapshot-copy");

    /** Where an input came from (live, snapshot, schema file) and its checksum. */
    public record Input(String kind, String sha256) {}

    /** What a cluster must be; null fields were unknown at compile time (a schema-file target). */
    public record Identity(int major, String systemIdentifier, String database) {}

    /**
     * The replication objects' names; publication is null for pglogical, stageIntervalSeconds null
     * when the plan has no stages, the rollback names null without a rollback path.
     */
    public record Replication(
            String strategy,
            String publication,
            String subscription,
            String slot,
            Long stageIntervalSeconds,
            String rollbackSubscription,
            String rollbackSlot) {
        /** The forward publications: the plan's, and its insert-only twin when there is one. */
        public java.util.List<String> publications() {
            return publication == null
                    ? java.util.List.of()
                    : java.util.List.of(publication, insertOnly(publication));
        }

        /** The publication of the tables published insert-only, named after the plan's. */
        public static String insertOnly(String publication) {
            return Sql.fitName(publication + "_insert_only");
        }
    }

    /**
     * The pgbouncer entry the switchover pauses and re-points (null without switchover.pgbouncer):
     * its name, the include file that holds it, and its connect string on the new cluster.
     *
     * @param pauseTimeoutSeconds how long PAUSE may take before apply sends RESUME; null: 30
     */
    public record Pgbouncer(
            String database,
            String includeFile,
            String target,
            Long pauseTimeoutSeconds,
            String source) {
        public long pauseTimeout() {
            return pauseTimeoutSeconds == null ? 30 : pauseTimeoutSeconds;
        }
    }

    /** One step as the manifest lists it. */
    public record Entry(
            int number,
            String file,
            String name,
            Cluster cluster,
            String phase,
            boolean transactional,
            String lockRisk,
            Execution execution,
            String sha256) {
        public String label() {
            return String.format("%02d %s", number, file);
        }

        public Gate gate() {
            return execution.gate();
        }

        public Hold hold() {
            return execution.hold();
        }

        public boolean emitsTargetSql() {
            return execution.output() == StepOutput.TARGET_SQL;
        }

        /** Prints statements for the other cluster, which apply runs there. */
        public boolean emitsSql() {
            return execution.output() != StepOutput.SHOWN;
        }

        /** See {@link Execution#rerunsFromStart()}. */
        public boolean rerunsFromStart() {
            return execution.rerunsFromStart();
        }

        /** A step of the way back to the old cluster, run only with --going-back. */
        public boolean goingBack() {
            return execution.hold() == Hold.GOING_BACK;
        }
    }

    public Identity identity(Cluster c) {
        return c == Cluster.SOURCE ? source : target;
    }

    /** The manifest's text: keys in a fixed order, so the same compile writes the same bytes. */
    public String json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("formatVersion", FORMAT_VERSION);
        m.put("lrplanVersion", toolVersion);
        m.put("plan", sorted("name", planName, "sha256", planSha256));
        m.put(
                "inputs",
                sorted(
                        "source",
                        sorted("kind", sourceInput.kind(), "sha256", sourceInput.sha256()),
                        "target",
                        sorted("kind", targetInput.kind(), "sha256", targetInput.sha256())));
        m.put("clusters", sorted("source", identity(source), "target", identity(target)));
        Map<String, Object> r = new TreeMap<>();
        putIf(r, "publication", replication.publication());
        r.put("subscription", replication.subscription());
        r.put("slot", replication.slot());
        if (!"native".equals(replication.strategy())) {
            r.put("strategy", replication.strategy());
        }
        putIf(r, "stageIntervalSeconds", replication.stageIntervalSeconds());
        putIf(r, "rollbackSubscription", replication.rollbackSubscription());
        putIf(r, "rollbackSlot", replication.rollbackSlot());
        m.put("replication", r);
        if (pgbouncer != null) {
            Map<String, Object> b = new TreeMap<>();
            b.put("database", pgbouncer.database());
            b.put("includeFile", pgbouncer.includeFile());
            b.put("target", pgbouncer.target());
            putIf(b, "pauseTimeoutSeconds", pgbouncer.pauseTimeoutSeconds());
            putIf(b, "source", pgbouncer.source());
            m.put("pgbouncer", b);
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (Entry e : steps) {
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("number", e.number());
            st.put("file", e.file());
            st.put("name", e.name());
            st.put("cluster", e.cluster().label());
            st.put("phase", e.phase());
            st.put("transactional", e.transactional());
            st.put("lockRisk", e.lockRisk());
            if (e.gate() != Gate.NONE) {
                st.put("gate", e.gate().wire());
            }
            if (e.hold() != Hold.NONE) {
                st.put("hold", e.hold().wire());
            }
            if (e.execution().output() != StepOutput.SHOWN) {
                st.put("output", e.execution().output().wire());
            }
            if (e.execution().runner() != Runner.SCRIPT) {
                st.put("runner", e.execution().runner().wire());
            }
            st.put("sha256", e.sha256());
            list.add(st);
        }
        m.put("steps", list);
        return Json.write(m) + "\n";
    }

    /**
     * Reads a manifest, refusing anything compile would not have written: a missing or unknown
     * field value, steps out of order, a file name that is not a step file of its folder.
     *
     * @param where the file, as messages name it
     */
    public static Manifest parse(byte[] bytes, String where) {
        JsonNode m;
        try {
            m = Json.read(bytes);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ManifestException(
                    where
                            + " is not valid JSON (line "
                            + e.getLocation().getLineNr()
                            + "): is it truncated? Restore the reviewed folder");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (m == null
                || !m.isObject()
                || !FORMAT.equals(m.path("format").asText())
                || m.path("formatVersion").asInt() != FORMAT_VERSION) {
            throw new ManifestException(
                    where + " is not an lrplan manifest of format version " + FORMAT_VERSION);
        }
        List<Entry> steps = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!m.path("steps").isArray() || m.path("steps").isEmpty()) {
            problems.add("it lists no steps");
        }
        int expected = 1;
        for (JsonNode s : m.path("steps")) {
            Entry e = entry(s, expected, problems);
            if (e != null) {
                steps.add(e);
            }
            expected++;
        }
        JsonNode r = m.path("replication");
        String strategy = r.path("strategy").asText("native");
        if (!STRATEGIES.contains(strategy)) {
            problems.add(
                    "an unknown strategy "
                            + Sql.printable(strategy)
                            + " (this lrplan applies "
                            + String.join(", ", STRATEGIES)
                            + ")");
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(
                    where
                            + " is not a valid lrplan manifest: "
                            + String.join("; ", problems)
                            + ". Restore the reviewed folder");
        }
        return new Manifest(
                text(m, "lrplanVersion"),
                m.path("plan").path("name").asText(),
                m.path("plan").path("sha256").asText(),
                input(m.path("inputs").path("source")),
                input(m.path("inputs").path("target")),
                identity(m.path("clusters").path("source")),
                identity(m.path("clusters").path("target")),
                new Replication(
                        strategy,
                        text(r, "publication"),
                        text(r, "subscription"),
                        text(r, "slot"),
                        r.has("stageIntervalSeconds")
                                ? Math.max(0, r.path("stageIntervalSeconds").asLong(0))
                                : null,
                        text(r, "rollbackSubscription"),
                        text(r, "rollbackSlot")),
                m.has("pgbouncer")
                        ? new Pgbouncer(
                                text(m.path("pgbouncer"), "database"),
                                text(m.path("pgbouncer"), "includeFile"),
                                text(m.path("pgbouncer"), "target"),
                                m.path("pgbouncer").has("pauseTimeoutSeconds")
                                        ? Math.max(
                                                1,
                                                m.path("pgbouncer")
                                                        .path("pauseTimeoutSeconds")
                                                        .asLong(30))
                                        : null,
                                text(m.path("pgbouncer"), "source"))
                        : null,
                steps);
    }

    private static final Pattern STEP_FILE =
            Pattern.compile("([0-9]{2,})-([a-z0-9-]+)\\.(source|target|pgbouncer)\\.sql");

    private static Entry entry(JsonNode s, int expected, List<String> problems) {
        String where = "step " + expected;
        String f = s.path("file").asText("");
        Matcher fm = STEP_FILE.matcher(f);
        if (s.path("number").asInt(-1) != expected) {
            problems.add(
                    where + " has number " + s.path("number") + "; steps are numbered 1, 2, 3 …");
            return null;
        }
        if (!fm.matches() || Integer.parseInt(fm.group(1)) != expected) {
            problems.add(
                    where
                            + ": file "
                            + Sql.printable(f)
                            + " is not a step file name of this folder (NN-name.source.sql,"
                            + " NN-name.target.sql or NN-name.pgbouncer.sql, no path)");
            return null;
        }
        if (!fm.group(3).equals(s.path("cluster").asText())) {
            problems.add(
                    where
                            + ": the cluster "
                            + Sql.printable(s.path("cluster").asText())
                            + " disagrees with its file name");
            return null;
        }
        if (!s.path("sha256").asText("").matches("[0-9a-f]{64}")) {
            problems.add(where + ": no SHA-256");
            return null;
        }
        Gate gate = s.hasNonNull("gate") ? Gate.parse(s.get("gate").asText()) : Gate.NONE;
        Hold hold = s.hasNonNull("hold") ? Hold.parse(s.get("hold").asText()) : Hold.NONE;
        StepOutput output =
                s.hasNonNull("output")
                        ? StepOutput.parse(s.get("output").asText())
                        : StepOutput.SHOWN;
        Runner runner =
                s.hasNonNull("runner") ? Runner.parse(s.get("runner").asText()) : Runner.SCRIPT;
        if (gate == null || hold == null || output == null || runner == null) {
            problems.add(where + ": an unknown gate, hold, output or runner");
            return null;
        }
        return new Entry(
                expected,
                f,
                fm.group(2),
                Cluster.parse(fm.group(3)),
                s.path("phase").asText(),
                s.path("transactional").asBoolean(),
                s.path("lockRisk").asText(),
                new Execution(gate, hold, output, runner),
                s.path("sha256").asText());
    }

    private static Input input(JsonNode n) {
        return new Input(text(n, "kind"), text(n, "sha256"));
    }

    private static Identity identity(JsonNode c) {
        return new Identity(
                c.path("major").asInt(), text(c, "systemIdentifier"), text(c, "database"));
    }

    private static Map<String, Object> identity(Identity c) {
        Map<String, Object> m = new TreeMap<>();
        m.put("major", c.major());
        putIf(m, "systemIdentifier", c.systemIdentifier());
        putIf(m, "database", c.database());
        return m;
    }

    private static Map<String, Object> sorted(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new TreeMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    private static void putIf(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
