package dev.lrplan.catalog;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Facts about the server a catalog came from.
 *
 * @param versionNum {@code server_version_num}, e.g. 130022
 * @param systemIdentifier the cluster's system identifier, or null when the role may not read it
 * @param settings the settings logical replication depends on, by name
 */
public record ServerInfo(
        int versionNum,
        String version,
        String systemIdentifier,
        String database,
        Map<String, String> settings) {
    public ServerInfo {
        if (versionNum < 90000) {
            throw new IllegalArgumentException("unsupported server_version_num " + versionNum);
        }
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(database, "database");
        settings = Collections.unmodifiableSortedMap(new TreeMap<>(settings));
    }

    /** The major version: server_version_num without its minor part, 906 for 9.6, 13 for 13.x. */
    public int major() {
        return majorOf(versionNum);
    }

    /** {@link #major()} of any server_version_num. */
    public static int majorOf(int versionNum) {
        return versionNum >= 100000 ? versionNum / 10000 : versionNum / 100;
    }

    /**
     * A {@link #major()} on one scale with the majors from 10 on, for comparisons: 906 → 9, 13 →
     * 13. (906 itself would compare as newer than 17.)
     */
    public static int comparable(int major) {
        return major >= 100 ? major / 100 : major;
    }

    /** The major as people write it: "9.6", "13". */
    public String majorLabel() {
        return majorLabel(major());
    }

    /** A {@link #major()} as people write it: 906 → "9.6", 13 → "13". */
    public static String majorLabel(int major) {
        return major >= 100 ? (major / 100) + "." + (major % 100) : Integer.toString(major);
    }

    public boolean atLeast(int major) {
        return versionNum >= major * 10000;
    }

    public long intSetting(String name, long fallback) {
        String v = settings.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
