package dev.lrplan.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The steps of a compiled folder, read from its manifest. */
public final class CompiledSteps {
    private CompiledSteps() {}

    public record Entry(String name, String cluster, Path file) {}

    public static List<Entry> all(Path out) throws IOException {
        List<Entry> steps = new ArrayList<>();
        for (JsonNode s :
                new ObjectMapper().readTree(out.resolve("manifest.json").toFile()).get("steps")) {
            steps.add(
                    new Entry(
                            s.get("name").asText(),
                            s.get("cluster").asText(),
                            out.resolve(s.get("file").asText())));
        }
        return steps;
    }

    /** The file of the first step with this name. */
    public static Path file(Path out, String name) throws IOException {
        return all(out).stream()
                .filter(e -> e.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no step " + name + " in " + out))
                .file();
    }
}
