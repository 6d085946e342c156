package dev.lrplan.plan;

import dev.lrplan.diag.Diagnostic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed, position-aware reads over a composed YAML tree. Every read that fails records a diagnostic
 * at the node's position and returns empty, so one pass reports every problem in the file.
 */
final class YamlNodes {
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$\\$\\{");

    private final String file;
    private final Map<String, String> env;
    private final List<Diagnostic> problems = new ArrayList<>();

    YamlNodes(String file, Map<String, String> env) {
        this.file = file;
        this.env = env;
    }

    List<Diagnostic> problems() {
        return problems;
    }

    void error(Node at, String message) {
        // A value that came from the environment (a URL with its password, say) is never echoed:
        // its ${VAR} is.
        for (Map.Entry<String, String> e : substituted.entrySet()) {
            message = message.replace(e.getKey(), e.getValue());
        }
        Mark m = at.getStartMark();
        problems.add(new Diagnostic(file, m.getLine() + 1, m.getColumn() + 1, message));
    }

    /**
     * The mapping's entries by key, after checking keys: unknown keys are reported with the nearest
     * valid one, duplicates and missing required keys too.
     */
    Optional<Map<String, Node>> mapping(
            Node node, String what, Set<String> allowed, Set<String> required) {
        if (!(node instanceof MappingNode m)) {
            error(node, what + " must be a mapping (key: value), not " + describe(node));
            return Optional.empty();
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                error(t.getKeyNode(), "keys in " + what + " must be plain words");
                continue;
            }
            String key = k.getValue();
            if (!allowed.contains(key)) {
                String hint =
                        Suggest.nearest(key, allowed)
                                .map(s -> "; did you mean '" + s + "'?")
                                .orElse(
                                        "; valid keys: "
                                                + String.join(
                                                        ", ", allowed.stream().sorted().toList()));
                error(k, "unknown key '" + key + "' in " + what + hint);
                continue;
            }
            if (out.containsKey(key)) {
                error(k, "duplicate key '" + key + "' in " + what);
                continue;
            }
            out.put(key, t.getValueNode());
        }
        for (String r : required.stream().sorted().toList()) {
            if (!out.containsKey(r) || isNull(out.get(r))) {
                error(node, what + " is missing required key '" + r + "'");
            }
        }
        return Optional.of(out);
    }

    /** A mapping whose keys are free (names), values read by the caller. */
    Optional<Map<String, Node>> freeMapping(Node node, String what) {
        if (!(node instanceof MappingNode m)) {
            error(node, what + " must be a mapping, not " + describe(node));
            return Optional.empty();
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            Optional<String> key = string(t.getKeyNode(), "a key in " + what);
            if (key.isEmpty()) {
                continue;
            }
            if (out.containsKey(key.get())) {
                error(t.getKeyNode(), "duplicate key '" + key.get() + "' in " + what);
                continue;
            }
            out.put(key.get(), t.getValueNode());
        }
        return Optional.of(out);
    }

    static boolean isNull(Node n) {
        return n == null || Tag.NULL.equals(n.getTag());
    }

    /** A scalar as text, with ${VAR} references resolved (a missing variable is reported). */
    Optional<String> string(Node node, String what) {
        return stringWithVariables(node, what, null);
    }

    private final Map<String, String> substituted = new LinkedHashMap<>();

    Optional<String> stringWithVariables(Node node, String what, List<String> variablesSeen) {
        if (!(node instanceof ScalarNode s) || isNull(node)) {
            error(node, what + " must be a text value, not " + describe(node));
            return Optional.empty();
        }
        Matcher m = VAR.matcher(s.getValue());
        StringBuilder out = new StringBuilder();
        boolean ok = true;
        while (m.find()) {
            if (m.group(1) == null) {
                m.appendReplacement(out, Matcher.quoteReplacement("${"));
                continue;
            }
            String value = env.get(m.group(1));
            if (variablesSeen != null) {
                variablesSeen.add(m.group(1));
            }
            if (value == null) {
                error(
                        node,
                        what
                                + " refers to environment variable "
                                + m.group(1)
                                + ", which is not set");
                ok = false;
                continue;
            }
            if (!value.isEmpty()) {
                substituted.put(value, "${" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        if (out.toString().isBlank()) {
            if (ok) {
                error(node, what + " must not be empty");
            }
            return Optional.empty();
        }
        return ok ? Optional.of(out.toString()) : Optional.empty();
    }

    /**
     * A name: text of 1 to 63 bytes without NUL (other control characters are quoted safely
     * wherever they go).
     */
    Optional<String> name(Node node, String what) {
        Optional<String> s = string(node, what);
        if (s.isPresent()) {
            String v = s.get();
            if (v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 63) {
                error(
                        node,
                        what + " '" + v + "' is longer than PostgreSQL's 63-byte limit for names");
                return Optional.empty();
            }
            if (v.indexOf('\0') >= 0) {
                error(node, what + " must not contain a NUL character");
                return Optional.empty();
            }
        }
        return s;
    }

    Optional<Boolean> bool(Node node, String what) {
        if (node instanceof ScalarNode s && Tag.BOOL.equals(node.getTag())) {
            String v = s.getValue().toLowerCase(java.util.Locale.ROOT);
            return Optional.of(
                    v.equals("true") || v.equals("yes") || v.equals("on") || v.equals("y"));
        }
        error(node, what + " must be true or false, not " + describe(node));
        return Optional.empty();
    }

    Optional<Long> integer(Node node, String what, long min, long max) {
        if (node instanceof ScalarNode s && Tag.INT.equals(node.getTag())) {
            try {
                long v = Long.parseLong(s.getValue().replace("_", ""));
                if (v < min || v > max) {
                    error(node, what + " must be between " + min + " and " + max + ", not " + v);
                    return Optional.empty();
                }
                return Optional.of(v);
            } catch (NumberFormatException e) {
                error(node, what + " is not a whole number in range: " + s.getValue());
                return Optional.empty();
            }
        }
        error(node, what + " must be a whole number, not " + describe(node));
        return Optional.empty();
    }

    /** One of a fixed set of words; the answer is the word as written in {@code choices}. */
    Optional<String> choice(Node node, String what, List<String> choices) {
        Optional<String> s =
                node instanceof ScalarNode && !isNull(node)
                        ? Optional.of(((ScalarNode) node).getValue())
                        : Optional.empty();
        if (s.isPresent() && choices.contains(s.get())) {
            return s;
        }
        String got = s.map(v -> "'" + v + "'").orElse(describe(node));
        String hint =
                s.flatMap(v -> Suggest.nearest(v, choices))
                        .map(v -> "; did you mean '" + v + "'?")
                        .orElse("");
        error(node, what + " must be one of " + String.join(", ", choices) + ", not " + got + hint);
        return Optional.empty();
    }

    Optional<List<Node>> sequence(Node node, String what) {
        if (node instanceof SequenceNode s) {
            return Optional.of(s.getValue());
        }
        error(node, what + " must be a list, not " + describe(node));
        return Optional.empty();
    }

    List<String> stringList(Node node, String what) {
        List<String> out = new ArrayList<>();
        sequence(node, what)
                .ifPresent(
                        items -> {
                            for (Node item : items) {
                                name(item, "an entry of " + what).ifPresent(out::add);
                            }
                        });
        return out;
    }

    /**
     * A table written as schema.table (the schema is required so nothing depends on search_path).
     */
    Optional<String> tableName(Node node, String what) {
        Optional<String> s = string(node, what);
        if (s.isPresent() && !s.get().matches("[^.]+\\.[^.]+")) {
            error(node, what + " must be written as schema.table, not '" + s.get() + "'");
            return Optional.empty();
        }
        return s;
    }

    static String describe(Node node) {
        if (node == null || isNull(node)) {
            return "nothing";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) node;
        String kind =
                Tag.INT.equals(s.getTag())
                        ? "the number "
                        : Tag.BOOL.equals(s.getTag())
                                ? "the boolean "
                                : Tag.FLOAT.equals(s.getTag()) ? "the number " : "";
        return kind + "'" + s.getValue() + "'";
    }
}
