package dev.lrplan.golden;

import java.util.List;

/**
 * The example plans in plans/, with the schemas their catalog snapshots are taken from: the
 * reference case's old schema on 13 and new schema on 16, and the new schema on both for a plain
 * upgrade.
 */
enum ExamplePlans {
    ORDERS_V13_TO_V16(
            "orders-v13-to-v16", "/lrplan/demo/source.sql", "13", "/lrplan/demo/target.sql", "16"),
    /** The same case with the snapshot-copy strategy: lrplan copies, indexes after the data. */
    SNAPSHOT_COPY_V13_TO_V16(
            "snapshot-copy-v13-to-v16",
            "/lrplan/demo/source.sql",
            "13",
            "/lrplan/demo/target.sql",
            "16"),
    PLAIN_UPGRADE(
            "plain-upgrade", "/lrplan/demo/target.sql", "13", "/lrplan/demo/target.sql", "16"),
    /** The plain upgrade, switched over through pgbouncer (PAUSE, re-point, RESUME). */
    PGBOUNCER_SWITCHOVER(
            "pgbouncer-switchover",
            "/lrplan/demo/target.sql",
            "13",
            "/lrplan/demo/target.sql",
            "16"),
    /**
     * The 9.6 story: native cannot publish from 9.6, so the reference case moves with pglogical.
     */
    PGLOGICAL_V96_TO_V16(
            "pglogical-v96-to-v16",
            "/lrplan/demo/source.sql",
            "9.6",
            "/lrplan/demo/target.sql",
            "16");

    final String dir;
    final String sourceSchema;
    final String sourceMajor;
    final String targetSchema;
    final String targetMajor;

    ExamplePlans(
            String dir,
            String sourceSchema,
            String sourceMajor,
            String targetSchema,
            String targetMajor) {
        this.dir = dir;
        this.sourceSchema = sourceSchema;
        this.sourceMajor = sourceMajor;
        this.targetSchema = targetSchema;
        this.targetMajor = targetMajor;
    }

    static List<ExamplePlans> all() {
        return List.of(values());
    }
}
