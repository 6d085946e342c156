package dev.lrplan.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.diag.DiagnosticException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** switchover.read_only_roles: a list of role names, each once, none of PostgreSQL's own. */
class ReadOnlyRolesKeyTest {
    @TempDir Path dir;

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "[app, \"Reporting Role\"] | app,Reporting Role |",
                "[] | | must name at least one role",
                "[app, app] | | names a role twice",
                "[pg_monitor] | | is a reserved role name",
                "app | | must be a list",
                "[[app]] | | an entry of switchover.read_only_roles",
            })
    void readOnlyRoles(String value, String roles, String error) throws Exception {
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(
                plan,
                String.join(
                        "\n",
                        "plan: 1",
                        "name: keys",
                        "source: { url: \"host=a dbname=b\" }",
                        "target: { url: \"host=c dbname=d\" }",
                        "switchover:",
                        "  read_only_roles: " + value,
                        ""));
        if (roles != null) {
            Plan p = PlanLoader.load(plan, Map.of());
            assertEquals(String.join(",", p.switchover().readOnlyRoles()), roles);
        } else {
            DiagnosticException e =
                    assertThrows(DiagnosticException.class, () -> PlanLoader.load(plan, Map.of()));
            assertTrue(e.getMessage().contains(error), e.getMessage());
            assertTrue(e.getMessage().contains("plan.yaml:6:"), "file:line: " + e.getMessage());
        }
    }
}
