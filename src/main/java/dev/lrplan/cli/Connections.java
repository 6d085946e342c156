package dev.lrplan.cli;

import dev.lrplan.db.ConnInfo;
import dev.lrplan.plan.Plan;
import dev.lrplan.plan.PlanLoader;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where apply and status connect: explicit URLs, or the plan's own (with its ${VARIABLES} from the
 * environment).
 */
final class Connections {
    @Option(
            names = "--plan",
            paramLabel = "PLAN",
            description =
                    "Take the connections from this plan's source.url and "
                            + "target.url (their ${VARIABLES} come from the environment).")
    Path plan;

    @Option(
            names = "--source-url",
            paramLabel = "URL",
            description =
                    "The source (old) cluster: postgresql://…, "
                            + "key=value or JDBC; PG* variables and ~/.pgpass fill in what it leaves out. A password here shows in the "
                            + "process list: prefer --source-url-env or --plan.")
    String sourceUrl;

    @Option(
            names = "--target-url",
            paramLabel = "URL",
            description = "The target (new) cluster, in the same forms.")
    String targetUrl;

    @Option(
            names = "--source-url-env",
            paramLabel = "NAME",
            description =
                    "Read the source's connection string from "
                            + "environment variable NAME: unlike --source-url, it never shows in the process list.")
    String sourceUrlEnv;

    @Option(
            names = "--target-url-env",
            paramLabel = "NAME",
            description =
                    "Read the target's connection string from " + "environment variable NAME.")
    String targetUrlEnv;

    @Option(
            names = "--pgbouncer-url",
            paramLabel = "URL",
            description =
                    "pgbouncer's admin console (dbname=pgbouncer), for a folder that switches over"
                            + " through pgbouncer; else the plan's switchover.pgbouncer.admin.")
    String pgbouncerUrl;

    /** The two clusters, and pgbouncer's admin console when one was given (else null). */
    record Pair(ConnInfo source, ConnInfo target, ConnInfo pgbouncer) {}

    private static String fromEnv(Map<String, String> env, String name, String option) {
        if (name == null) {
            return null;
        }
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new UsageException(option + ": environment variable " + name + " is not set");
        }
        return v;
    }

    Pair resolve(Map<String, String> env) {
        String s = sourceUrl != null ? sourceUrl : fromEnv(env, sourceUrlEnv, "--source-url-env");
        String t = targetUrl != null ? targetUrl : fromEnv(env, targetUrlEnv, "--target-url-env");
        String b = pgbouncerUrl;
        if (plan != null) {
            Plan p = PlanLoader.load(plan, env);
            s = s != null ? s : p.source().url();
            t = t != null ? t : p.target().url();
            if (b == null && p.switchover().pgbouncer().isPresent()) {
                b = p.switchover().pgbouncer().get().admin();
            }
        }
        if (s == null || t == null) {
            throw new UsageException(
                    "no connection for the "
                            + (s == null ? "source" : "target")
                            + " cluster: give --"
                            + (s == null ? "source" : "target")
                            + "-url, or --plan with a plan whose "
                            + (s == null ? "source" : "target")
                            + " has a url");
        }
        try {
            return new Pair(
                    ConnInfo.parse(s, env),
                    ConnInfo.parse(t, env),
                    b == null ? null : ConnInfo.parse(b, env));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
