package dev.lrplan.golden;

import java.util.List;

/**
 * The example plans in plans/, with the schemas their catalog snapshots are taken from: the reference
 * case's old schema on 13 and new schema on 16, and the new schema on both for a plain upgrade.
 */
enum ExamplePlans {
    ORDERS_V13_TO_V16("orders-v13-to-v16", "/lrplan/demo/source.sql", "/lrplan/demo/target.sql"),
    PLAIN_UPGRADE("plain-upgrade", "/lrplan/demo/target.sql", "/lrplan/demo/target.sql");

    final String dir;
    final String sourceSchema;
    final String targetSchema;

    ExamplePlans(String dir, String sourceSchema, String targetSchema) {
        this.dir = dir;
        this.sourceSchema = sourceSchema;
        this.targetSchema = targetSchema;
    }

    static List<ExamplePlans> all() {
        return List.of(values());
    }
}
