package dev.lrplan.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * libpq's connection service file: {@code service=NAME} (or PGSERVICE) takes the keywords of
 * section {@code [NAME]} from PGSERVICEFILE or ~/.pg_service.conf, else from the system file in
 * PGSYSCONFDIR (Debian's libpq: /etc/postgresql-common). As in libpq, the first file that defines
 * the service is the only one read, keywords in the connection string win over the service's, and a
 * service that no file defines is an error. The keywords are then checked like any others, and the
 * string handed to a subscription carries them spelled out (the server has no service file).
 *
 * <p>Not pgjdbc's {@code PgServiceConfParser}: it reads the process environment itself and returns
 * the driver's property names, while lrplan resolves from the environment it was given and must
 * refuse keywords it cannot pass on.
 */
final class PgService {
    private static final Path DEBIAN_SYSCONFDIR = Path.of("/etc/postgresql-common");

    private PgService() {}

    static Map<String, String> lookup(String name, Map<String, String> env) {
        String own = env.get("PGSERVICEFILE");
        Path user =
                own != null && !own.isEmpty()
                        ? Path.of(own)
                        : Path.of(System.getProperty("user.home"), ".pg_service.conf");
        String sys = env.get("PGSYSCONFDIR");
        Path system =
                (sys != null && !sys.isEmpty() ? Path.of(sys) : DEBIAN_SYSCONFDIR)
                        .resolve("pg_service.conf");
        for (Path file : List.of(user, system)) {
            if (!Files.isRegularFile(file)) {
                if (file == user && own != null && !own.isEmpty()) {
                    throw new IllegalArgumentException(
                            "service file " + file + " (PGSERVICEFILE) not found");
                }
                continue;
            }
            Map<String, String> found = read(file, name);
            if (found != null) {
                return found;
            }
        }
        throw new IllegalArgumentException(
                "definition of service \""
                        + dev.lrplan.sql.Sql.printable(name)
                        + "\" not found (looked in "
                        + user
                        + " and "
                        + system
                        + ")");
    }

    /** The section's keywords, or null when the file has no such section. */
    private static Map<String, String> read(Path file, String name) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read service file " + file + ": " + e.getMessage());
        }
        Map<String, String> out = null;
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (out != null) {
                    return out; // the next section: ours is complete
                }
                if (line.endsWith("]") && line.substring(1, line.length() - 1).equals(name)) {
                    out = new LinkedHashMap<>();
                }
                continue;
            }
            if (out == null) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "syntax error in service file " + file + ", line " + n);
            }
            String key = line.substring(0, eq).strip();
            if (key.equals("service")) {
                throw new IllegalArgumentException(
                        "nested service specifications are not supported in service file "
                                + file
                                + ", line "
                                + n);
            }
            out.putIfAbsent(key, line.substring(eq + 1).strip());
        }
        return out;
    }
}
