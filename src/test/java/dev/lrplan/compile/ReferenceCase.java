package dev.lrplan.compile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrplan.catalog.CatalogFixtures;
import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import dev.lrplan.testing.Psql;
import dev.lrplan.testing.ReferencePlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The reference case on real 13 → 16 clusters: databases, the plan pointing at them, the compiled
 * folder.
 */
final class ReferenceCase {
    final Db source;
    final Db target;
    final Path planDir;
    final Path out;
    final Map<String, String> env;
    final Map<String, String> vars;

    private ReferenceCase(Db source, Db target, Path planDir) {
        this.source = source;
        this.target = target;
        this.planDir = planDir;
        this.out = planDir.resolve("out");
        this.env = Map.of("PGURL_ORIGIN", source.uri(), "PGURL_DESTINATION", target.uri());
        this.vars = Map.of("source_conninfo", source.uri(), "target_conninfo", target.uri());
    }

    static ReferenceCase create(Path dir, String sourceExtraSql) throws IOException {
        Db s = Db.create(Clusters.shared("13"), "ref_src");
        Db t = Db.create(Clusters.shared("16"), "ref_tgt");
        s.exec(resource("/lrplan/demo/source.sql") + sourceExtraSql);
        t.exec(resource("/lrplan/demo/target.sql"));
        Path planDir = dir.resolve("plan");
        ReferencePlan.write(planDir, "");
        return new ReferenceCase(s, t, planDir);
    }

    Cli compile() {
        return Cli.run(
                env, "compile", planDir.resolve("plan.yaml").toString(), "-o", out.toString());
    }

    JsonNode manifest() throws IOException {
        return new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
    }

    /** The file of the step with this name on this cluster. */
    Path step(String name, String cluster) throws IOException {
        for (JsonNode s : manifest().get("steps")) {
            if (s.get("name").asText().equals(name) && s.get("cluster").asText().equals(cluster)) {
                return out.resolve(s.get("file").asText());
            }
        }
        throw new AssertionError("no step " + name + " on " + cluster);
    }

    Psql.Result run(String name, String cluster) throws IOException {
        return Psql.file(cluster.equals("source") ? source : target, step(name, cluster), vars);
    }

    Psql.Result runOk(String name, String cluster) throws IOException {
        return run(name, cluster).assertOk(name + " on " + cluster);
    }

    static String resource(String path) {
        try (InputStream in = CatalogFixtures.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
