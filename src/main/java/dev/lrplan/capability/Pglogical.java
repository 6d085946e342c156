package dev.lrplan.capability;

import dev.lrplan.catalog.ServerInfo;
import java.util.Optional;

/**
 * What the pglogical strategy depends on, by version, in one place (pglogical 2.x, as Debian ships
 * 2.4.2).
 *
 * <ul>
 *   <li>pglogical 2.x runs on PostgreSQL 9.4 to 17; both clusters need the module in {@code
 *       shared_preload_libraries}. lrplan needs 9.6 at least: its switchover gate reads the slot's
 *       {@code confirmed_flush_lsn}.
 *   <li>Column filtering ({@code replication_set_add_table(…, columns := …)}) exists from 2.0 on
 *       every supported server, so the rollback path can leave out the new cluster's extra columns
 *       whatever the versions.
 *   <li>The sets {@code default} (INSERT, UPDATE, DELETE, TRUNCATE; needs a primary key or a
 *       replica identity index) and {@code default_insert_only} (INSERT and TRUNCATE; any table)
 *       exist on every node.
 *   <li>pglogical names a subscription's slot {@code pgl_<subscriber database>_<provider
 *       node>_<subscription>}, shortening a part longer than 16 bytes with a hash: lrplan keeps
 *       each part within 16 bytes of {@code [a-z0-9_]} so that it knows the slot's name when it
 *       compiles.
 * </ul>
 *
 * Only 15 → 15 can be run here (the one build a registry offers); older sources are covered by
 * compiling.
 */
public final class Pglogical {
    private Pglogical() {}

    public static final int NAME_PART_BYTES = 16;

    /** Why pglogical cannot run between these majors, or empty. */
    public static Optional<String> unsupported(int sourceMajor, int targetMajor) {
        int s = ServerInfo.comparable(sourceMajor);
        int t = ServerInfo.comparable(targetMajor);
        // pglogical itself runs from 9.4, but the switchover gate reads the slot's
        // confirmed_flush_lsn (9.6).
        boolean sourceOk = sourceMajor == 906 || (s >= 10 && s <= 17);
        boolean targetOk = targetMajor == 906 || (t >= 10 && t <= 17);
        if (!sourceOk || !targetOk) {
            return Optional.of(
                    "lrplan's pglogical strategy needs PostgreSQL 9.6 to 17 on both ends (pglogical 2.x "
                            + "itself starts at 9.4, but the switchover reads a slot's confirmed position, new in 9.6); the source is "
                            + ServerInfo.majorLabel(sourceMajor)
                            + " and the target "
                            + ServerInfo.majorLabel(targetMajor));
        }
        return Optional.empty();
    }

    /** Whether pglogical will use this text unchanged as one part of a slot name. */
    public static boolean plainNamePart(String s) {
        return s != null && s.matches("[a-z0-9_]{1," + NAME_PART_BYTES + "}");
    }

    /** The slot pglogical creates for a subscription, given plain name parts. */
    public static String slotName(
            String subscriberDatabase, String providerNode, String subscription) {
        return "pgl_" + subscriberDatabase + "_" + providerNode + "_" + subscription;
    }
}
