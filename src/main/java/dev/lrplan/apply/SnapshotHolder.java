package dev.lrplan.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lrplan.db.ConnInfo;
import dev.lrplan.db.Database;
import dev.lrplan.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The process that holds the slot's exported snapshot. An exported snapshot lives only while the
 * replication connection that created it stays open and idle; this process opens that connection,
 * creates the slot, reports the snapshot's name and the slot's consistent point, and then only
 * waits, in a process of its own, so that a kill of {@code lrplan apply} does not end the snapshot
 * and the rerun copies only what had not finished. It ends when the copy is recorded finished on
 * the target, or when no apply of the plan has held the ledger's lock for the idle limit (the
 * snapshot holds back vacuum on the source: it is not kept for an apply that never comes back).
 */
public final class SnapshotHolder {
    /** What the holder reported: the snapshot to import and where the slot starts. */
    public record Held(String snapshot, String consistentPoint, long pid) {}

    private SnapshotHolder() {}

    /** Starts the holder, waits for its report, and returns it; the process keeps running. */
    public static Held start(
            ConnInfo source,
            ConnInfo target,
            String plan,
            String slot,
            boolean exportOption,
            long idleSeconds) {
        String javaBin =
                ProcessHandle.current()
                        .info()
                        .command()
                        .orElse(
                                java.nio.file.Path.of(
                                                System.getProperty("java.home"), "bin", "java")
                                        .toString());
        ProcessBuilder pb =
                new ProcessBuilder(
                                javaBin,
                                "-Xmx64m",
                                "-XX:TieredStopAtLevel=1",
                                "-XX:+UseSerialGC",
                                "-Xshare:auto",
                                "-cp",
                                System.getProperty("java.class.path"),
                                "dev.lrplan.cli.SnapshotHolderMain")
                        .redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            Process p = pb.start();
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("source", source.keywords());
            request.put("target", target.keywords());
            request.put("plan", plan);
            request.put("slot", slot);
            request.put("exportOption", exportOption);
            request.put("idleSeconds", idleSeconds);
            try (OutputStream in = p.getOutputStream()) {
                in.write(Json.write(request).getBytes(StandardCharsets.UTF_8));
            }
            String line;
            try (BufferedReader r =
                    new BufferedReader(
                            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                line = r.readLine();
            }
            if (line == null || !line.startsWith("ok ")) {
                p.destroy();
                throw ApplyException.refused(
                        "could not create slot "
                                + slot
                                + " with an exported snapshot: "
                                + (line == null
                                        ? "the holder process ended without a word"
                                        : line.replaceFirst("^error ", "")));
            }
            String[] parts = line.split(" ");
            return new Held(parts[1], parts[2], p.pid());
        } catch (IOException e) {
            throw ApplyException.failed("could not start the snapshot holder process", e);
        }
    }

    /**
     * The holder's whole life, in its own process ({@code cli.SnapshotHolderMain}): the request on
     * {@code in}, one line of report on {@code out}, then waiting. Returns the exit status.
     */
    public static int hold(java.io.InputStream in, PrintStream out) {
        JsonNode req;
        Connection replication;
        String plan;
        long idleMillis;
        ConnInfo target;
        try {
            req = Json.read(in.readAllBytes());
            ConnInfo source = connInfo(req.get("source"));
            target = connInfo(req.get("target"));
            plan = req.get("plan").asText();
            idleMillis = req.get("idleSeconds").asLong() * 1000;
            Properties p = new Properties();
            p.setProperty("replication", "database");
            p.setProperty("preferQueryMode", "simple");
            p.setProperty("assumeMinServerVersion", "10");
            p.setProperty("ApplicationName", "lrplan snapshot holder");
            replication = Database.connect(source, p);
            String slot = req.get("slot").asText();
            String sql =
                    "CREATE_REPLICATION_SLOT "
                            + dev.lrplan.sql.Sql.ident(slot)
                            + " LOGICAL pgoutput "
                            + (req.get("exportOption").asBoolean()
                                    ? "(SNAPSHOT 'export')"
                                    : "EXPORT_SNAPSHOT");
            try (Statement st = replication.createStatement();
                    ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                out.println(
                        "ok "
                                + rs.getString("snapshot_name")
                                + " "
                                + rs.getString("consistent_point"));
            }
        } catch (Exception e) {
            out.println("error " + String.valueOf(e.getMessage()).replace('\n', ' '));
            return 1;
        }
        out.close();
        // From here on the replication connection stays idle: any command on it would end the
        // snapshot.
        long lastAttached = System.currentTimeMillis();
        boolean seen = false;
        try (Connection t = Database.connect(target)) {
            while (true) {
                Thread.sleep(1000);
                Boolean finished = finished(t, plan);
                if (finished != null) {
                    seen = true;
                }
                // Done, or cleared by an apply that started the copy over.
                if (Boolean.TRUE.equals(finished) || (finished == null && seen)) {
                    break;
                }
                if (attached(t, plan)) {
                    lastAttached = System.currentTimeMillis();
                } else if (System.currentTimeMillis() - lastAttached > idleMillis) {
                    break;
                }
            }
        } catch (Exception e) {
            // the snapshot ends with this process; a rerun of apply finds it gone and starts over
        }
        try {
            replication.close();
        } catch (SQLException e) {
            // closing
        }
        return 0;
    }

    /** Whether the copy is recorded finished; null while no copy is recorded. */
    private static Boolean finished(Connection t, String plan) throws SQLException {
        try (PreparedStatement ps = t.prepareStatement(ApplyQueries.sql("copy/state.sql"))) {
            ps.setString(1, plan);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBoolean("finished") : null;
            }
        }
    }

    private static boolean attached(Connection t, String plan) throws SQLException {
        try (PreparedStatement ps =
                t.prepareStatement(ApplyQueries.sql("copy/apply_attached.sql"))) {
            ps.setLong(1, Integer.toUnsignedLong(Ledger.LOCK_CLASS));
            ps.setString(2, plan);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static ConnInfo connInfo(JsonNode n) {
        Map<String, String> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return new ConnInfo(m);
    }
}
