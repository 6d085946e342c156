package dev.lrplan.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrplan.catalog.CatalogFixtures;
import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import dev.lrplan.testing.Psql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalog full of hostile identifiers compiles into scripts that run correctly, start to finish.
 */
class HostileNamesEndToEndTest {
    @TempDir Path dir;

    @Test
    void hostileNamesReplicateShimRenameAndCleanUp() throws Exception {
        Db src = Db.create(Clusters.shared("13"), "hostile_src");
        Db tgt = Db.create(Clusters.shared("16"), "hostile_tgt");
        String schema = CatalogFixtures.schema("hostile.sql");
        src.exec(
                schema
                        + "ALTER TABLE \"select\".\"table\" ADD COLUMN \"old \"\"name\"\"\" text;"
                        + "INSERT INTO \"select\".\"table\" VALUES (1, 'one', 'x''; --');");
        tgt.exec(
                schema
                        + "ALTER TABLE \"select\".\"table\" ADD COLUMN \"new name\" text;"
                        + "ALTER TABLE \"Weird Schema\".\"x\"\"; DROP TABLE y; --\" DROP COLUMN \"with space\";");
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(
                plan,
                """
                plan: 1
                name: hostile
                source: { url: "${SRC}" }
                target: { url: "${DST}" }
                tables:
                  schemas: [public, select, Weird Schema]
                drift:
                  renames:
                    select.table: { 'old "name"': new name }
                """);
        Path out = dir.resolve("out");
        Cli cli =
                Cli.run(
                        Map.of("SRC", src.uri(), "DST", tgt.uri()),
                        "compile",
                        plan.toString(),
                        "-o",
                        out.toString());
        assertEquals(0, cli.exit(), cli.err());
        Map<String, String> vars =
                Map.of("source_conninfo", src.uri(), "target_conninfo", tgt.uri());

        JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        for (JsonNode step : manifest.get("steps")) {
            String name = step.get("name").asText();
            Db db = step.get("cluster").asText().equals("source") ? src : tgt;
            Path file = out.resolve(step.get("file").asText());
            Psql.Result r = Psql.file(db, file, vars).assertOk(file.getFileName().toString());
            switch (name) {
                case "enable-subscription" -> {
                    tgt.await(
                            "SELECT count(*) = 5 AND bool_and(srsubstate = 'r') FROM pg_subscription_rel",
                            120,
                            "all hostile tables ready");
                    src.exec(
                            "INSERT INTO \"Weird Schema\".\"x\"\"; DROP TABLE y; --\" (\"select\", \"Ünïcode cöl ✓\", "
                                    + "\"with space\") VALUES (7, 'ü''\"; --', 'spaced')");
                    src.exec(
                            "UPDATE \"select\".\"table\" SET \"old \"\"name\"\"\" = 'renamed ✓' WHERE \"from\" = 1");
                }
                case "confirm-final-lsn" -> {
                    assertEquals(
                            "ü'\"; --",
                            tgt.queryString(
                                    "SELECT \"Ünïcode cöl ✓\" FROM \"Weird Schema\"."
                                            + "\"x\"\"; DROP TABLE y; --\" WHERE \"select\" = 7"));
                    assertEquals(
                            "spaced",
                            tgt.queryString(
                                    "SELECT \"with space\" FROM \"Weird Schema\"."
                                            + "\"x\"\"; DROP TABLE y; --\" WHERE \"select\" = 7"),
                            "shim filled");
                    assertEquals(
                            "renamed ✓",
                            tgt.queryString(
                                    "SELECT \"new name\" FROM \"select\".\"table\" WHERE \"from\" = 1"),
                            "rename trigger copied the value");
                }
                case "sequence-values" ->
                        Psql.stdin(tgt, r.out()).assertOk("sequence values on the target");
                default -> {}
            }
        }
        assertEquals(
                0,
                tgt.queryLong(
                        "SELECT count(*) FROM information_schema.columns WHERE column_name IN "
                                + "('with space', 'old \"name\"') AND table_schema <> 'lrplan_backup'"),
                "shims dropped");
        assertEquals(
                "spaced",
                tgt.queryString(
                        "SELECT \"with space\" FROM lrplan_backup.\"Weird Schema.x\"\"; DROP TABLE y; --\""
                                + " WHERE \"select\" = 7"),
                "backed up before the drop");
        assertTrue(
                src.queryLong(
                                "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()")
                        == 0);
        assertEquals(
                1,
                tgt.queryLong(
                        "SELECT count(*) FROM pg_tables WHERE tablename = 'x\"; DROP TABLE y; --'"));
    }
}
