package dev.lrplan.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * libpq's password file: the {@code passfile} keyword, else PGPASSFILE, else ~/.pgpass. Lines
 * {@code hostname:port:database:username:password}, {@code *} matching anything, {@code \:} and
 * {@code \\} escaped; the first matching line wins; a host that is a socket directory matches
 * {@code localhost}. A file that its group or others may read, which libpq ignores with a warning,
 * is an error here. lrplan needs it for the connection strings it hands to a subscription: the
 * server that connects reads no password file of the operator's.
 */
public final class PgPass {
    private PgPass() {}

    /** The password for these connection keywords, when the file has one. */
    public static Optional<String> lookup(Map<String, String> kw, Map<String, String> env) {
        Path file = file(kw, env);
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ)
                    || perms.contains(PosixFilePermission.OTHERS_READ)
                    || perms.contains(PosixFilePermission.GROUP_WRITE)
                    || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                // libpq ignores such a file with a warning; lrplan says so and stops, so that the
                // password is not silently missing from a subscription later.
                throw new IllegalArgumentException(
                        "password file "
                                + file
                                + " has group or world access (libpq ignores such a file): chmod 0600 it");
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: read it as libpq on Windows does
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        // A host list: the first host with a line, as libpq looks each host up in turn (the
        // subscription's string can carry one password only).
        for (ConnInfo.HostPort hp :
                ConnInfo.hosts(kw.getOrDefault("host", "localhost"), kw.get("port"))) {
            Optional<String> found =
                    match(
                            lines,
                            hp.socket() ? "localhost" : hp.host(),
                            Integer.toString(hp.port()),
                            kw.getOrDefault("dbname", ""),
                            kw.getOrDefault("user", ""));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> match(List<String> lines, String... want) {
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> f = fields(line);
            if (f.size() < 5) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < 4 && match; i++) {
                match = f.get(i).equals("*") || f.get(i).equals(want[i]);
            }
            if (match) {
                return Optional.of(f.get(4));
            }
        }
        return Optional.empty();
    }

    private static Path file(Map<String, String> kw, Map<String, String> env) {
        if (kw.containsKey("passfile")) {
            return Path.of(kw.get("passfile"));
        }
        String fromEnv = env.get("PGPASSFILE");
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return Path.of(fromEnv);
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return home == null ? null : Path.of(home, ".pgpass");
    }

    /** The fields of a line: ':' separates, a backslash escapes the next character. */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                b.append(line.charAt(++i));
            } else if (c == ':' && out.size() < 4) {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        out.add(b.toString());
        return out;
    }
}
