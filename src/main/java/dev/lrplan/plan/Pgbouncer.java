package dev.lrplan.plan;

import java.util.Objects;

/**
 * The pgbouncer in front of the application, for a switchover without failed requests: its admin
 * console, the {@code [databases]} entry the application connects through, the file (included from
 * pgbouncer.ini) that holds that entry and that lrplan rewrites, and the entry's connect string on
 * the new cluster.
 *
 * @param admin the admin console's connection string (database {@code pgbouncer})
 * @param database the entry's name, as the application's connection string names it
 * @param includeFile the file pgbouncer.ini includes with {@code %include}, holding the entry alone
 * @param target the entry's connect string after the switchover (host, port, dbname …), never a
 *     password: it is written into a reviewed script
 * @param source the entry's connect string on the old cluster, as the include file holds it before
 *     the switchover: the way back writes it again (null: none given; required with a rollback
 *     path)
 */
public record Pgbouncer(
        String admin,
        String database,
        String includeFile,
        String target,
        long pauseTimeoutSeconds,
        String source) {
    /** How long PAUSE may take before apply undoes it with RESUME, unless the plan says. */
    public static final long DEFAULT_PAUSE_TIMEOUT_SECONDS = 30;

    public Pgbouncer {
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(includeFile, "includeFile");
        Objects.requireNonNull(target, "target");
    }
}
