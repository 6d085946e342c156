package dev.lrplan.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.catalog.CatalogFixtures;
import dev.lrplan.catalog.Snapshots;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The example plans' catalog snapshots come from real 13 and 16 servers: this test builds the
 * schemas, snapshots them and compares with the committed files, apart from what differs between
 * any two servers (system identifier, minor version, planner estimates). Run with
 * -Dlrplan.refreshSnapshots=true to rewrite the committed files.
 */
class SnapshotsAreCurrentTest {

    @ParameterizedTest
    @EnumSource(ExamplePlans.class)
    void committedSnapshotsMatchRealServers(ExamplePlans plan) throws Exception {
        check(plan, "source.json", plan.sourceMajor, plan.sourceSchema);
        check(plan, "target.json", plan.targetMajor, plan.targetSchema);
    }

    private static void check(ExamplePlans plan, String file, String major, String schema)
            throws Exception {
        Db db = Db.create(Clusters.shared(major), "snap_" + plan.name());
        db.exec(dev.lrplan.compile.Resources.text(schema));
        Catalog fresh = db.introspect();
        Path committed = Path.of("plans", plan.dir, "catalogs", file);
        if (Boolean.getBoolean("lrplan.refreshSnapshots")) {
            Snapshots.write(renamed(fresh), committed);
        }
        assertTrue(
                Files.exists(committed),
                committed
                        + " is missing: take it with -Dlrplan.refreshSnapshots=true and"
                        + " review it");
        assertEquals(
                Snapshots.toJson(CatalogFixtures.versionFree(renamed(fresh))),
                Snapshots.toJson(CatalogFixtures.versionFree(Snapshots.read(committed))),
                committed
                        + " is stale: rerun with -Dlrplan.refreshSnapshots=true and review the diff");
    }

    /** Test databases get generated names; the committed snapshots say "shop". */
    private static Catalog renamed(Catalog c) {
        var s = c.server();
        var server =
                new dev.lrplan.catalog.ServerInfo(
                        s.versionNum(), s.version(), s.systemIdentifier(), "shop", s.settings());
        return new Catalog(
                server,
                c.schemas(),
                c.tables(),
                c.sequences(),
                c.materializedViews(),
                c.extensions(),
                c.largeObjects(),
                c.publications(),
                c.subscriptions(),
                java.util.List.of());
    }
}
