package dev.lrplan.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The example plan of the reference case, pointed at live clusters through ${PGURL_ORIGIN} and
 * ${PGURL_DESTINATION}.
 */
public final class ReferencePlan {
    private ReferencePlan() {}

    /**
     * Writes {@code planDir/plan.yaml} and its user-step file.
     *
     * @param extraSteps YAML list items appended to the plan's extra_steps (their files written by
     *     the caller)
     */
    public static Path write(Path planDir, String extraSteps) throws IOException {
        Files.createDirectories(planDir.resolve("sql"));
        String plan =
                Files.readString(Path.of("plans/orders-v13-to-v16/plan.yaml"))
                        .replace(
                                "source: { snapshot: catalogs/source.json }",
                                "source: { url: \"${PGURL_ORIGIN}\" }")
                        .replace(
                                "target: { snapshot: catalogs/target.json }",
                                "target: { url: \"${PGURL_DESTINATION}\" }");
        Path file = planDir.resolve("plan.yaml");
        Files.writeString(file, plan + extraSteps);
        Files.copy(
                Path.of("plans/orders-v13-to-v16/sql/django_migrations_data.sql"),
                planDir.resolve("sql/django_migrations_data.sql"));
        return file;
    }
}
