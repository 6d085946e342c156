package dev.lrplan.apply;

import dev.lrplan.contract.Manifest;
import dev.lrplan.db.AdminConsole;
import dev.lrplan.db.ConnInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a step on pgbouncer's admin console as psql would run its reviewed script: admin commands
 * one line each ({@code PAUSE}, {@code RELOAD}, {@code RESUME}, {@code SHOW}, and {@code SET
 * server_login_retry}, which the resume sets to 0 for a moment), and the few psql meta-commands the
 * pgbouncer templates use ({@code \set ON_ERROR_STOP on}, {@code \o FILE}, {@code \qecho TEXT},
 * {@code \o}). Anything else is refused: run such a script with psql.
 *
 * <p>Before {@code PAUSE} it checks what would make the switchover fail with the application
 * paused: the entry exists, is not paused already, pools by transaction or statement (in session
 * pooling PAUSE waits for every client to disconnect), and the include file is the one pgbouncer
 * read the entry from and can be rewritten. {@code PAUSE} that does not return within the plan's
 * {@code switchover.pgbouncer.pause_timeout} (30 s unless it says; a long transaction holds a
 * server connection) is undone with {@code RESUME} from a second session.
 */
final class PgbouncerRunner {
    private static final Pattern COMMAND =
            Pattern.compile(
                    "(?i)((PAUSE|RESUME|RELOAD|SHOW)\\b[^;\\n]*|SET server_login_retry = [0-9]+);");

    private final ConnInfo admin;
    private final Manifest.Pgbouncer entry;
    private final PrintWriter out;

    PgbouncerRunner(ConnInfo admin, Manifest.Pgbouncer entry, PrintWriter out) {
        this.admin = admin;
        this.entry = entry;
        this.out = out;
    }

    /** Runs the script; the step's name says whether the pre-pause checks apply. */
    void run(String step, String file, String text) {
        try (AdminConsole c = AdminConsole.connect(admin)) {
            if (step.equals("pgbouncer-pause") || step.equals("back-pgbouncer-pause")) {
                checkBeforePause(c);
            }
            Path redirect = null;
            List<String> written = new ArrayList<>();
            int n = 0;
            for (String line : text.split("\n", -1)) {
                n++;
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("--")) {
                    continue;
                }
                String where = file + ":" + n;
                if (l.equals("\\set ON_ERROR_STOP on")) {
                    continue;
                }
                if (l.startsWith("\\o")) {
                    String arg = l.substring(2).strip();
                    if (arg.isEmpty()) {
                        if (redirect == null) {
                            throw refuse(where, "\\o closes a file that was never opened");
                        }
                        write(redirect, written);
                        out.println("wrote " + redirect + " (" + written.size() + " lines)");
                        redirect = null;
                        written.clear();
                    } else {
                        List<String> args = psqlArguments(arg, where);
                        if (args.size() != 1 || !args.get(0).startsWith("/")) {
                            throw refuse(where, "\\o needs one absolute file name");
                        }
                        redirect = Path.of(args.get(0));
                    }
                    continue;
                }
                if (l.startsWith("\\qecho ") || l.startsWith("\\echo ")) {
                    boolean q = l.startsWith("\\qecho ");
                    String value =
                            String.join(" ", psqlArguments(l.substring(q ? 7 : 6).strip(), where));
                    if (q && redirect != null) {
                        written.add(value);
                    } else {
                        out.println(value);
                    }
                    continue;
                }
                if (!COMMAND.matcher(l).matches()) {
                    throw refuse(where, "not an admin command apply runs: " + l);
                }
                boolean pause = l.regionMatches(true, 0, "PAUSE", 0, 5);
                AdminConsole.Result r;
                try {
                    r = c.query(l, pause ? (int) (entry.pauseTimeout() * 1000) : 60_000);
                } catch (AdminConsole.Failure f) {
                    if (pause) {
                        resumeAfterFailedPause();
                        throw ApplyException.failed(
                                where
                                        + ": "
                                        + f.getMessage()
                                        + ". lrplan sent RESUME "
                                        + entry.database()
                                        + ": the application writes to the old cluster again. A"
                                        + " transaction that stays open holds the pause: find it with"
                                        + " SHOW SERVERS on the admin console (or pg_stat_activity),"
                                        + " end it, and switch over again",
                                null);
                    }
                    throw ApplyException.failed(where + ": pgbouncer: " + f.getMessage(), null);
                }
                c.drainNotices().forEach(x -> out.println("pgbouncer: " + x));
                if (!r.rows().isEmpty()) {
                    print(r.rows());
                }
                out.println(r.tag());
            }
            if (redirect != null) {
                throw refuse(file, "\\o " + redirect + " is never closed");
            }
            if (step.equals("pgbouncer-repoint")) {
                checkRepointed(c, entry.target(), "the new cluster's");
            } else if (step.equals("back-pgbouncer-repoint")) {
                checkRepointed(c, entry.source(), "the old cluster's");
            }
        } catch (AdminConsole.Failure f) {
            throw ApplyException.failed(f.getMessage(), null);
        }
    }

    /**
     * RESUME from a fresh session: the application goes on, on the old cluster. As in the resume
     * step, server_login_retry is 0 for the moment of the resume (a login cut by PAUSE would hold
     * the application for its length), then what it was: set back by value, not by RELOAD, which
     * would read an include file a failed re-point may have rewritten.
     */
    void resume() {
        String retry = null;
        try (AdminConsole c = AdminConsole.connect(admin)) {
            retry = loginRetry(c);
            if (retry != null) {
                c.query("SET server_login_retry = 0;", 60_000);
            }
            c.query("RESUME " + quoted(entry.database()) + ";", 60_000);
        } catch (AdminConsole.Failure f) {
            throw ApplyException.failed(
                    "could not RESUME "
                            + entry.database()
                            + " on pgbouncer ("
                            + f.getMessage()
                            + "): the application stays paused. Run RESUME "
                            + quoted(entry.database())
                            + "; on the admin console now"
                            + (retry != null
                                    ? ", then SET server_login_retry = " + retry + ";"
                                    : ""),
                    null);
        }
        if (retry != null) {
            try (AdminConsole c = AdminConsole.connect(admin)) {
                c.query("SET server_login_retry = " + retry + ";", 60_000);
            } catch (AdminConsole.Failure f) {
                out.println(
                        "pgbouncer resumed "
                                + entry.database()
                                + ", but its server_login_retry is still 0 ("
                                + f.getMessage()
                                + "): run SET server_login_retry = "
                                + retry
                                + "; on the admin console");
            }
        }
    }

    /**
     * pgbouncer's server_login_retry in whole seconds, to set back after the resume; null, said on
     * the output, when SHOW CONFIG gives something else (then RESUME goes without setting it to 0).
     */
    private String loginRetry(AdminConsole c) throws AdminConsole.Failure {
        for (Map<String, String> cfg : c.query("SHOW CONFIG;", 60_000).rows()) {
            if ("server_login_retry".equals(cfg.get("key"))) {
                String v = cfg.get("value");
                if (v != null && v.matches("[0-9]+")) {
                    return v;
                }
                out.println(
                        "pgbouncer's server_login_retry is '"
                                + v
                                + "', not whole seconds: RESUME without setting it to 0 first (a"
                                + " login PAUSE cut may hold the application that long)");
                return null;
            }
        }
        out.println(
                "pgbouncer's SHOW CONFIG has no server_login_retry: RESUME without setting it to 0");
        return null;
    }

    /** Is the entry paused now (SHOW DATABASES)? */
    boolean paused() {
        try (AdminConsole c = AdminConsole.connect(admin)) {
            return databaseRow(c).map(r -> "1".equals(r.get("paused"))).orElse(false);
        } catch (AdminConsole.Failure f) {
            throw ApplyException.failed(f.getMessage(), null);
        }
    }

    private void resumeAfterFailedPause() {
        try {
            resume();
        } catch (ApplyException e) {
            out.println(e.getMessage());
        }
    }

    private void checkBeforePause(AdminConsole c) throws AdminConsole.Failure {
        Map<String, String> row =
                databaseRow(c)
                        .orElseThrow(
                                () ->
                                        ApplyException.failed(
                                                "pgbouncer has no [databases] entry "
                                                        + entry.database()
                                                        + " (SHOW DATABASES): the plan's"
                                                        + " switchover.pgbouncer.database must be the entry the"
                                                        + " application connects through",
                                                null));
        if ("1".equals(row.get("paused"))) {
            throw ApplyException.failed(
                    "pgbouncer's entry "
                            + entry.database()
                            + " is paused already: someone else is switching it; RESUME it on the"
                            + " admin console if that is over",
                    null);
        }
        String mode = Optional.ofNullable(row.get("pool_mode")).orElse("");
        if (mode.isEmpty()) {
            for (Map<String, String> cfg : c.query("SHOW CONFIG;", 60_000).rows()) {
                if ("pool_mode".equals(cfg.get("key"))) {
                    mode = cfg.get("value");
                }
            }
        }
        if ("session".equals(mode)) {
            throw ApplyException.failed(
                    "pgbouncer's entry "
                            + entry.database()
                            + " pools by session: PAUSE would wait until every client disconnects."
                            + " Set pool_mode=transaction for it (if the application allows), or stop the"
                            + " application yourself and compile without switchover.pgbouncer",
                    null);
        }
        Path file = Path.of(entry.includeFile());
        Map<String, String> inFile = entryInFile(file);
        String[] hp = {row.get("host"), row.get("port"), row.get("database")};
        if (!same(inFile.get("host"), hp[0])
                || !same(inFile.getOrDefault("port", "5432"), hp[1])
                || !same(inFile.getOrDefault("dbname", entry.database()), hp[2])) {
            throw ApplyException.failed(
                    "pgbouncer's entry "
                            + entry.database()
                            + " is host="
                            + hp[0]
                            + " port="
                            + hp[1]
                            + " dbname="
                            + hp[2]
                            + ", but "
                            + file
                            + " says "
                            + inFile
                            + ": is that file %include'd in pgbouncer.ini's [databases], and was"
                            + " pgbouncer reloaded since it changed? Nothing was paused",
                    null);
        }
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isWritable(file) || dir == null || !Files.isWritable(dir)) {
            throw ApplyException.failed(
                    "lrplan cannot rewrite "
                            + file
                            + " (it writes a new file beside it and renames it): run apply as a user"
                            + " who may, on the pgbouncer host. Nothing was paused",
                    null);
        }
    }

    private void checkRepointed(AdminConsole c, String connect, String whose)
            throws AdminConsole.Failure {
        Map<String, String> want = parseConnect(connect);
        Map<String, String> row = databaseRow(c).orElse(Map.of());
        if (!same(want.get("host"), row.get("host"))
                || !same(want.getOrDefault("port", "5432"), row.get("port"))) {
            throw ApplyException.failed(
                    "after RELOAD pgbouncer's entry "
                            + entry.database()
                            + " is host="
                            + row.get("host")
                            + " port="
                            + row.get("port")
                            + ", not "
                            + whose
                            + " "
                            + want
                            + ": pgbouncer did not take "
                            + entry.includeFile(),
                    null);
        }
    }

    private Optional<Map<String, String>> databaseRow(AdminConsole c) throws AdminConsole.Failure {
        for (Map<String, String> r : c.query("SHOW DATABASES;", 60_000).rows()) {
            if (entry.database().equals(r.get("name"))) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The entry's connect string as the include file has it now. */
    private Map<String, String> entryInFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ApplyException.failed(
                    "cannot read "
                            + file
                            + " ("
                            + e.getMessage()
                            + "): switchover.pgbouncer.include_file must be the file, on this host, that"
                            + " pgbouncer.ini includes with %include and that holds the entry "
                            + entry.database()
                            + ". Nothing was paused",
                    null);
        }
        for (String line : lines) {
            String l = line.strip();
            int eq = l.indexOf('=');
            if (eq > 0 && l.substring(0, eq).strip().equals(entry.database())) {
                return parseConnect(l.substring(eq + 1));
            }
        }
        throw ApplyException.failed(
                file
                        + " has no line for the entry "
                        + entry.database()
                        + ": move the entry from pgbouncer.ini into it (and %include it there) so that"
                        + " lrplan can re-point it. Nothing was paused",
                null);
    }

    static Map<String, String> parseConnect(String s) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        Matcher x =
                Pattern.compile("\\s*([a-z_]+)\\s*=\\s*('((?:[^'\\\\]|\\\\.|'')*)'|[^\\s']+)")
                        .matcher(s);
        while (x.find()) {
            m.put(x.group(1), x.group(3) != null ? x.group(3).replace("''", "'") : x.group(2));
        }
        return m;
    }

    private static boolean same(String a, String b) {
        return a != null && a.equals(b);
    }

    private void print(List<Map<String, String>> rows) {
        List<String> cols = new ArrayList<>(rows.get(0).keySet());
        out.println(String.join(" | ", cols));
        for (Map<String, String> r : rows) {
            List<String> v = new ArrayList<>();
            for (String col : cols) {
                v.add(String.valueOf(r.get(col)));
            }
            out.println(String.join(" | ", v));
        }
    }

    private static void write(Path file, List<String> lines) {
        try {
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".lrplan-", ".tmp");
            try {
                Files.writeString(tmp, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
                try {
                    tmp.toFile().setReadable(true, false);
                } catch (SecurityException e) {
                    // keeps the temporary file's mode
                }
                Files.move(
                        tmp,
                        file,
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw ApplyException.failed("cannot write " + file + ": " + e.getMessage(), null);
        }
    }

    /**
     * psql's arguments of a meta-command as the templates write them: single-quoted (a quote
     * doubled, a backslash escape: \\ \' \n \t and three octal digits) or bare words.
     */
    static List<String> psqlArguments(String s, String where) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char ch = s.charAt(i);
            if (ch == ' ') {
                i++;
                continue;
            }
            StringBuilder b = new StringBuilder();
            if (ch == '\'') {
                i++;
                boolean closed = false;
                while (i < s.length()) {
                    char c = s.charAt(i);
                    if (c == '\'') {
                        if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                            b.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        closed = true;
                        break;
                    }
                    if (c == '\\' && i + 1 < s.length()) {
                        char e = s.charAt(i + 1);
                        if (e >= '0' && e <= '7' && i + 3 < s.length()) {
                            b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                            i += 4;
                            continue;
                        }
                        b.append(
                                switch (e) {
                                    case 'n' -> '\n';
                                    case 't' -> '\t';
                                    case 'r' -> '\r';
                                    default -> e;
                                });
                        i += 2;
                        continue;
                    }
                    b.append(c);
                    i++;
                }
                if (!closed) {
                    throw refuse(where, "an unterminated quoted argument");
                }
            } else {
                while (i < s.length() && s.charAt(i) != ' ') {
                    b.append(s.charAt(i++));
                }
            }
            out.add(b.toString());
        }
        return out;
    }

    /** As the reviewed scripts quote it (pgbouncer reads a double-quoted name, "" doubled). */
    private static String quoted(String name) {
        return dev.lrplan.sql.Sql.ident(name);
    }

    private static ApplyException refuse(String where, String what) {
        return ApplyException.failed(
                where + ": " + what + " (run this step with psql on the admin console)", null);
    }
}
