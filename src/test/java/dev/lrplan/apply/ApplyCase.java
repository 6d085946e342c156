package dev.lrplan.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import dev.lrplan.testing.ReferencePlan;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The reference case's databases on real 13 and 16 clusters, compiled from the example plan, ready
 * to apply.
 */
final class ApplyCase {
    final Db source;
    final Db target;
    final Path plan;
    final Path out;
    final Map<String, String> env;

    private ApplyCase(Db source, Db target, Path plan, Path out) {
        this.source = source;
        this.target = target;
        this.plan = plan;
        this.out = out;
        this.env = Map.of("PGURL_ORIGIN", source.uri(), "PGURL_DESTINATION", target.uri());
    }

    static ApplyCase reference(Path dir) throws IOException {
        return create(dir, "");
    }

    /**
     * @param extraSteps YAML list items appended to the plan's extra_steps (files written by the
     *     caller)
     */
    static ApplyCase create(Path dir, String extraSteps) throws IOException {
        Db s = Db.create(Clusters.shared("13"), "apply_src");
        Db t = Db.create(Clusters.shared("16"), "apply_tgt");
        CREATED.add(s);
        CREATED.add(t);
        s.exec(resource("/lrplan/demo/source.sql"));
        t.exec(resource("/lrplan/demo/target.sql"));
        ApplyCase ac =
                new ApplyCase(
                        s,
                        t,
                        ReferencePlan.write(dir.resolve("plan"), extraSteps),
                        dir.resolve("out"));
        Cli compiled = Cli.run(ac.env, "compile", ac.plan.toString(), "-o", ac.out.toString());
        assertEquals(0, compiled.exit(), compiled.err());
        return ac;
    }

    private static final List<Db> CREATED = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Drops the subscriptions and slots of every case created so far: the plan's replication
     * objects have fixed names on shared clusters, so a test that failed half-way must not leave
     * them to the next (call it from {@code @AfterEach}).
     */
    static void cleanUpAll() {
        Db.dropReplication(CREATED.toArray(Db[]::new));
        CREATED.clear();
    }

    Cli apply(String... args) {
        List<String> all =
                new ArrayList<>(
                        List.of(
                                "apply",
                                out.toString(),
                                "--plan",
                                plan.toString(),
                                "--gate-timeout",
                                "120"));
        all.addAll(List.of(args));
        return Cli.run(env, all.toArray(String[]::new));
    }

    static String resource(String path) throws IOException {
        try (InputStream in = ApplyCase.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
