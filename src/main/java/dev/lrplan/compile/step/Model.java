package dev.lrplan.compile.step;

import dev.lrplan.sql.SqlText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A template's values: a small fluent map, so every key a template names is set explicitly. */
public final class Model {
    private final Map<String, Object> values = new LinkedHashMap<>();

    public static Model of() {
        return new Model();
    }

    public Model put(String key, SqlText value) {
        return putValue(key, value);
    }

    public Model put(String key, boolean value) {
        return putValue(key, value);
    }

    public Model put(String key, List<?> value) {
        return putValue(key, value);
    }

    /** A value that a template tests with a section: the text when present, false when not. */
    public Model put(String key, java.util.Optional<? extends SqlText> value) {
        return putValue(key, value.isPresent() ? value.get() : Boolean.FALSE);
    }

    private Model putValue(String key, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(
                    "template value '" + key + "' is null; use false or an empty list");
        }
        values.put(key, value);
        return this;
    }

    public Model putAll(Map<String, Object> more) {
        more.forEach(this::putValue);
        return this;
    }

    /**
     * Whether any text a model (or any part of one) holds contains {@code needle}: for choosing a
     * dollar-quote tag that none contains, walking the model in place (a step for 10,000 tables
     * holds megabytes of text).
     */
    public static java.util.function.Predicate<String> textsHold(Object node) {
        return needle -> contains(node, needle);
    }

    private static boolean contains(Object node, String needle) {
        if (node instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                if (contains(v, needle)) {
                    return true;
                }
            }
            return false;
        }
        if (node instanceof java.util.Collection<?> many && many.size() >= 1000) {
            // A list of thousands of tables: on every core.
            return many.parallelStream().anyMatch(v -> contains(v, needle));
        }
        if (node instanceof Iterable<?> items) {
            for (Object v : items) {
                if (contains(v, needle)) {
                    return true;
                }
            }
            return false;
        }
        return node != null && node.toString().contains(needle);
    }

    /** A list of items with {@code first}/{@code last} flags, for comma-separated output. */
    public static List<Map<String, Object>> items(List<Map<String, Object>> items) {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>(items.get(i));
            m.put("first", i == 0);
            m.put("last", i == items.size() - 1);
            out.add(m);
        }
        return out;
    }

    public Map<String, Object> build() {
        return Map.copyOf(values);
    }
}
