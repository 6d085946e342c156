package dev.lrplan.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTest {
    @TempDir Path dir;

    @Test
    void hostileNamesRoundTripExactlyThroughSnapshot() throws Exception {
        Db db = Db.create(Clusters.shared("16"), "hostile");
        db.exec(CatalogFixtures.schema("hostile.sql"));
        Path file = dir.resolve("hostile.json");

        Cli cli = Cli.run("snapshot", "--url", db.uri(), "-o", file.toString());
        assertEquals(0, cli.exit(), cli.err());

        Catalog read = Snapshots.read(file);
        assertEquals(db.introspect(), read);
        Set<String> tables =
                read.tables().stream()
                        .map(t -> t.name().schema() + "|" + t.name().name())
                        .collect(Collectors.toSet());
        assertEquals(
                Set.of(
                        "Weird Schema|x\"; DROP TABLE y; --",
                        "select|table",
                        "select|ЗАКАЗЫ",
                        "public|UPPER",
                        "public|🐘"),
                tables);
        Table weird =
                read.table(new QualifiedName("Weird Schema", "x\"; DROP TABLE y; --"))
                        .orElseThrow();
        assertEquals(
                List.of(
                        "select",
                        "Ünïcode cöl ✓",
                        "MixedCase",
                        "with space",
                        "quote\"inside",
                        "back\\slash",
                        "$1",
                        "a".repeat(63),
                        "é".repeat(31)),
                weird.columns().stream().map(Column::name).toList());
        assertEquals(
                "'it''s; -- not a comment'::text",
                read.table(new QualifiedName("select", "table"))
                        .orElseThrow()
                        .column("order")
                        .orElseThrow()
                        .defaultExpr());
        assertEquals("\"Weird Schema\".\"x\"\"; DROP TABLE y; --\"", weird.name().sql());
    }

    @Test
    void theSameDatabaseGivesByteIdenticalSnapshots() throws Exception {
        Db db = Db.create(Clusters.shared("13"), "determinism");
        db.exec(CatalogFixtures.schema("common.sql"));
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        assertEquals(0, Cli.run("snapshot", "--url", db.uri(), "-o", a.toString()).exit());
        assertEquals(0, Cli.run("snapshot", "--url", db.uri(), "-o", b.toString()).exit());
        String text = Files.readString(a, StandardCharsets.UTF_8);
        assertEquals(text, Files.readString(b, StandardCharsets.UTF_8));
        assertTrue(text.contains("\"formatVersion\" : 1"));
        assertFalse(text.contains("127.0.0.1"), "no host names");
        assertFalse(text.contains(Integer.toString(db.cluster().port())), "no ports");
        assertEquals(
                text,
                Snapshots.toJson(Snapshots.read(a)),
                "reading and writing again changes nothing");
    }

    @Test
    void aSnapshotFromAnotherToolOrVersionIsRefusedClearly() throws Exception {
        Path f = dir.resolve("x.json");
        Files.writeString(
                f, "{\"format\": \"lrplan-catalog\", \"formatVersion\": 99, \"catalog\": {}}");
        Cli cli = Cli.run("inspect", "--snapshot", f.toString());
        assertEquals(2, cli.exit());
        assertTrue(cli.err().contains("snapshot format version 99 is not supported"), cli.err());
        Files.writeString(
                f,
                "{\"format\": \"lrplan-catalog\", \"formatVersion\": 1, \"catalog\": {\"tablez\": []}}");
        cli = Cli.run("inspect", "--snapshot", f.toString());
        assertEquals(2, cli.exit());
        assertTrue(cli.err().startsWith(f + ":1:"), cli.err());
    }
}
