package dev.lrplan.demo;

import dev.lrplan.rehearse.Rehearsal;
import dev.lrplan.sandbox.PgBinaries;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The demo is a rehearsal of the example plan, with nothing to give: the reference case's plan, its
 * old schema (with data) for 13 and new schema for 16, written into the output folder, then {@code
 * lrplan rehearse} on them. The same code path a user's own rehearsal takes.
 */
public final class Demo {
    private Demo() {}

    /**
     * @return true when every phase of the rehearsal passed
     */
    public static boolean run(Path output, String version, PrintWriter out, Map<String, String> env)
            throws IOException {
        Path planDir = output.resolve("plan");
        Files.createDirectories(planDir.resolve("sql"));
        // The example plan names snapshots; the rehearsal runs on live clusters, whose connection
        // strings it supplies itself.
        String plan =
                resource("/lrplan/demo/plan/plan.yaml")
                        .replace(
                                "source: { snapshot: catalogs/source.json }",
                                "source: { url: \"${LRPLAN_DEMO_SOURCE}\" }")
                        .replace(
                                "target: { snapshot: catalogs/target.json }",
                                "target: { url: \"${LRPLAN_DEMO_TARGET}\" }");
        Files.writeString(planDir.resolve("plan.yaml"), plan);
        Files.writeString(
                planDir.resolve("sql/django_migrations_data.sql"),
                resource("/lrplan/demo/plan/sql/django_migrations_data.sql"));
        Files.writeString(planDir.resolve("source.sql"), resource("/lrplan/demo/source.sql"));
        Files.writeString(planDir.resolve("target.sql"), resource("/lrplan/demo/target.sql"));
        out.printf(
                "lrplan demo: a rehearsal of the example plan (%s) on embedded PostgreSQL 13 and 16;%n"
                        + "the same as: lrplan rehearse %s --source-schema %s --target-schema %s"
                        + " --source-version 13 --target-version 16%n%n",
                planDir.resolve("plan.yaml"),
                planDir.resolve("plan.yaml"),
                planDir.resolve("source.sql"),
                planDir.resolve("target.sql"));
        out.flush();
        Rehearsal.Outcome o =
                Rehearsal.run(
                        new Rehearsal.Options(
                                planDir.resolve("plan.yaml"),
                                planDir.resolve("source.sql"),
                                planDir.resolve("target.sql"),
                                "13",
                                "16",
                                1000,
                                2,
                                50,
                                5,
                                false,
                                false,
                                output,
                                env,
                                PgBinaries.defaults(env),
                                version),
                        out);
        out.print(o.screen());
        out.println("  report: " + output.resolve("rehearsal.md"));
        out.println(o.passed() ? "every verification passed" : "the demo FAILED");
        out.flush();
        return o.passed();
    }

    private static String resource(String path) {
        try (InputStream in = Demo.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
