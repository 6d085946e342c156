package dev.lrplan.render;

import dev.lrplan.compile.Compiler;
import dev.lrplan.compile.step.Step;
import dev.lrplan.diff.Diff;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Renders a compiled plan into the files of the output folder: one script per step, {@code
 * manifest.json} and {@code REVIEW.md}. Pure and deterministic: same inputs, same bytes.
 */
public final class Output {
    private Output() {}

    /** What the manifest says about where the inputs came from, and what the scripts check. */
    public record Inputs(
            String planName,
            String planSha256,
            String sourceKind,
            String sourceSha256,
            String targetKind,
            String targetSha256,
            ClusterIdentity source,
            ClusterIdentity target,
            String toolVersion) {}

    /**
     * What a step checks before it runs on a cluster; null fields are unknown (schema-file target).
     */
    public record ClusterIdentity(int major, String systemIdentifier, String database) {}

    public static SortedMap<String, String> render(
            Compiler.Compiled compiled, Diff diff, Inputs inputs, Templates templates) {
        SortedMap<String, String> files = new TreeMap<>();
        for (Step s : compiled.steps()) {
            files.put(s.fileName(), normalize(templates.render(s.template(), s.model())));
        }
        files.put("manifest.json", manifest(compiled, inputs, files));
        String manifestSha =
                sha256(
                        files.get("manifest.json")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        files.put("REVIEW.md", Review.markdown(compiled, diff, inputs, manifestSha));
        return files;
    }

    /** One trailing newline, no trailing blanks, no runs of more than one empty line. */
    private static String normalize(String sql) {
        String s = sql.replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
        return s + "\n";
    }

    private static String manifest(
            Compiler.Compiled compiled, Inputs in, Map<String, String> files) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "lrplan-manifest");
        m.put("formatVersion", 1);
        m.put("lrplanVersion", in.toolVersion());
        m.put("plan", Map.of("name", in.planName(), "sha256", in.planSha256()));
        m.put(
                "inputs",
                Map.of(
                        "source",
                        Map.of("kind", in.sourceKind(), "sha256", in.sourceSha256()),
                        "target",
                        Map.of("kind", in.targetKind(), "sha256", in.targetSha256())));
        m.put("clusters", Map.of("source", identity(in.source()), "target", identity(in.target())));
        Map<String, Object> replication = new java.util.TreeMap<>();
        if (compiled.names().publication() != null) {
            replication.put("publication", compiled.names().publication());
        }
        replication.put("subscription", compiled.names().subscription());
        replication.put("slot", compiled.names().slot());
        if (!compiled.strategy().equals("native")) {
            replication.put("strategy", compiled.strategy());
        }
        if (compiled.steps().stream()
                .anyMatch(s -> s.execution().gate() == Step.Execution.Gate.STAGE)) {
            replication.put("stageIntervalSeconds", compiled.names().stageIntervalSeconds());
        }
        m.put("replication", replication);
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Step s : compiled.steps()) {
            Map<String, Object> st = new LinkedHashMap<>();
            st.put("number", s.number());
            st.put("file", s.fileName());
            st.put("name", s.name());
            st.put("cluster", s.cluster().name().toLowerCase(Locale.ROOT));
            st.put("phase", s.phase().name().toLowerCase(Locale.ROOT));
            st.put("transactional", s.transactional());
            st.put("lockRisk", s.lockRisk().name().toLowerCase(Locale.ROOT));
            Step.Execution x = s.execution();
            if (x.gate() != Step.Execution.Gate.NONE) {
                st.put("gate", lower(x.gate()));
            }
            if (x.hold() != Step.Execution.Hold.NONE) {
                st.put("hold", lower(x.hold()));
            }
            if (x.output() != Step.Execution.Output.SHOWN) {
                st.put("output", lower(x.output()));
            }
            st.put("sha256", sha256(files.get(s.fileName())));
            steps.add(st);
        }
        m.put("steps", steps);
        return dev.lrplan.json.Json.write(sortedInner(m)) + "\n";
    }

    /** {@code FINAL_LSN} → {@code final-lsn} */
    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Map<String, Object> identity(ClusterIdentity c) {
        Map<String, Object> m = new TreeMap<>();
        m.put("major", c.major());
        if (c.systemIdentifier() != null) {
            m.put("systemIdentifier", c.systemIdentifier());
        }
        if (c.database() != null) {
            m.put("database", c.database());
        }
        return m;
    }

    /** Map.of has no order: give nested maps a sorted one, keep the top level's. */
    @SuppressWarnings("unchecked")
    private static Object sortedInner(Object o) {
        if (o instanceof LinkedHashMap<?, ?> lm) {
            Map<String, Object> out = new LinkedHashMap<>();
            lm.forEach((k, v) -> out.put((String) k, sortedInner(v)));
            return out;
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, v) -> out.put((String) k, sortedInner(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            return l.stream().map(Output::sortedInner).toList();
        }
        return o;
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
