package dev.lrplan.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lrplan.catalog.CatalogFixtures;
import dev.lrplan.finding.Code;
import dev.lrplan.finding.Finding;
import dev.lrplan.finding.Severity;
import dev.lrplan.sandbox.Cluster;
import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The readiness report on real clusters. */
class InspectTest {

    @Test
    void aTableWithoutPrimaryKeyBlocksWithItsCodeAndExit4() throws Exception {
        Db db = Db.create(Clusters.shared("13"), "nopk");
        db.exec(
                "CREATE TABLE public.with_pk (id int PRIMARY KEY); CREATE TABLE public.\"No Key\" (a int, b text);");

        Cli cli = Cli.run("inspect", "--url", db.uri(), "--role", "source", "--format", "json");

        assertEquals(4, cli.exit(), cli.err());
        JsonNode report = new ObjectMapper().readTree(cli.out());
        assertFalse(report.get("ready").asBoolean());
        JsonNode f = report.get("findings").get(0);
        assertEquals("LR010", f.get("code").asText());
        assertEquals("error", f.get("severity").asText());
        assertEquals("public.No Key", f.get("subject").asText());
        assertTrue(f.get("remedy").asText().contains("REPLICA IDENTITY"));
        assertEquals(1, report.get("findings").size(), cli.out());
    }

    @Test
    void aTableThatGotAnIdentityIsReadyAgain() {
        Db db = Db.create(Clusters.shared("13"), "fixed");
        db.exec(
                "CREATE TABLE public.k (a int, b text); ALTER TABLE public.k REPLICA IDENTITY FULL;");
        Cli cli = Cli.run("inspect", "--url", db.uri());
        assertEquals(0, cli.exit(), cli.out() + cli.err());
        assertTrue(cli.out().contains("LR012"), cli.out());
        assertTrue(cli.out().contains("ready"), cli.out());
    }

    @Test
    void walLevelReplicaBlocksASourceWithItsCodeAndExit4() {
        try (Cluster replica = Clusters.start("16", Map.of("wal_level", "replica"))) {
            Db db = Db.create(replica, "walrep");
            db.exec("CREATE TABLE public.t (id int PRIMARY KEY)");

            Cli cli = Cli.run("inspect", "--url", db.uri());

            assertEquals(4, cli.exit(), cli.out());
            assertTrue(cli.out().contains("error   LR001 wal-level"), cli.out());
            assertTrue(cli.out().contains("wal_level is 'replica'"), cli.out());
            assertTrue(cli.out().contains("NOT READY"), cli.out());

            Cli asTarget = Cli.run("inspect", "--url", db.uri(), "--role", "target");
            assertEquals(0, asTarget.exit(), asTarget.out());
            assertTrue(asTarget.out().contains("warning LR021"), asTarget.out());
        }
    }

    @Test
    void reportsEveryKindOfSourceFindingFromTheCommonSchema() {
        Db db = Db.create(Clusters.shared("16"), "kinds");
        db.exec(CatalogFixtures.schema("common.sql") + "SELECT lo_create(0);");
        List<Finding> findings = Readiness.assess(db.introspect(), Role.SOURCE);
        assertEquals(
                List.of(
                        Code.LR010,
                        Code.LR011,
                        Code.LR013,
                        Code.LR014,
                        Code.LR012,
                        Code.LR015,
                        Code.LR016,
                        Code.LR017,
                        Code.LR019),
                findings.stream().map(Finding::code).toList());
        assertEquals("public.no_key", findings.get(0).subject());
        assertEquals("public.nothing_identity", findings.get(1).subject());
        assertEquals(Severity.WARNING, findings.get(2).severity());
    }

    @Test
    void aPartitionedTableOnAnOldSourceCannotBePublishedThroughItsRoot() {
        Db db = Db.create(Clusters.shared("10"), "parted10");
        db.exec(
                "CREATE TABLE public.m (id int NOT NULL, r text NOT NULL) PARTITION BY LIST (r);"
                        + "CREATE TABLE public.m_eu PARTITION OF public.m FOR VALUES IN ('eu');"
                        + "ALTER TABLE public.m_eu ADD PRIMARY KEY (id);");
        List<Finding> findings = Readiness.assess(db.introspect(), Role.SOURCE);
        assertEquals(
                List.of(Code.LR018),
                findings.stream().map(Finding::code).toList(),
                findings.toString());
    }

    @Test
    void postgres96CannotBeANativeSource() {
        Db db = Db.create(Clusters.shared("9.6"), "old96");
        Cli cli = Cli.run("inspect", "--url", db.uri());
        assertEquals(4, cli.exit());
        assertTrue(cli.out().contains("LR006"), cli.out());
    }

    @Test
    void slotCapacityIsCheckedAgainstSlotsInUse() {
        try (Cluster tight =
                Clusters.start(
                        "13",
                        Map.of(
                                "wal_level",
                                "logical",
                                "max_replication_slots",
                                "1",
                                "max_wal_senders",
                                "2"))) {
            Db db = Db.create(tight, "slots");
            db.exec("SELECT pg_create_logical_replication_slot('left_behind', 'pgoutput')");
            List<Finding> findings = Readiness.assess(db.introspect(), Role.SOURCE);
            assertTrue(
                    findings.stream().anyMatch(f -> f.code() == Code.LR002 && f.blocks()),
                    findings.toString());
            assertTrue(
                    findings.stream()
                            .anyMatch(
                                    f ->
                                            f.code() == Code.LR007
                                                    && f.subject().equals("left_behind")),
                    findings.toString());
        }
    }
}
