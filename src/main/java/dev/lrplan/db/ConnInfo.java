package dev.lrplan.db;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A connection string in any of the forms a DBA has at hand — a libpq URI ({@code
 * postgresql://user:secret@host:5432/db?sslmode=require}), a libpq key=value string ({@code host=h
 * port=5432 dbname=db}) or a JDBC URL — reduced to libpq's keywords. Missing keywords fall back to
 * the PG* environment variables, as libpq does.
 */
public record ConnInfo(Map<String, String> keywords) {
    public ConnInfo {
        keywords = Collections.unmodifiableSortedMap(new TreeMap<>(keywords));
    }

    /** The keywords lrplan passes on, to the driver and to the servers' subscriptions. */
    static final java.util.Set<String> SUPPORTED =
            java.util.Set.of(
                    "host",
                    "port",
                    "dbname",
                    "user",
                    "password",
                    "passfile",
                    "sslmode",
                    "sslrootcert",
                    "sslcert",
                    "sslkey",
                    "connect_timeout",
                    "application_name",
                    "options",
                    "target_session_attrs",
                    "load_balance_hosts");

    /** libpq's other keywords (PostgreSQL 17): known, not passed on yet, so refused. */
    static final java.util.Set<String> LIBPQ_OTHERS =
            java.util.Set.of(
                    "hostaddr",
                    "require_auth",
                    "channel_binding",
                    "client_encoding",
                    "fallback_application_name",
                    "keepalives",
                    "keepalives_idle",
                    "keepalives_interval",
                    "keepalives_count",
                    "tcp_user_timeout",
                    "replication",
                    "gssencmode",
                    "requiressl",
                    "sslcompression",
                    "sslpassword",
                    "sslcertmode",
                    "sslcrl",
                    "sslcrldir",
                    "sslsni",
                    "sslnegotiation",
                    "requirepeer",
                    "ssl_min_protocol_version",
                    "ssl_max_protocol_version",
                    "krbsrvname",
                    "gsslib",
                    "gssdelegation");

    public static ConnInfo parse(String text, Map<String, String> env) {
        Objects.requireNonNull(text, "connection string");
        String s = text.strip();
        Map<String, String> kw = new TreeMap<>();
        boolean jdbc = s.startsWith("jdbc:");
        if (jdbc) {
            s = s.substring("jdbc:".length());
        }
        if (s.startsWith("postgresql://") || s.startsWith("postgres://")) {
            parseUri(s.substring(s.indexOf("://") + 3), kw);
        } else if (s.contains("=")) {
            parseKeyValue(s, kw);
        } else if (!s.isEmpty()) {
            // A bare word is a database name, as psql takes it; one with ':', '@' or '/' is rather
            // a URI without its scheme, and the text may hold a password.
            if (s.chars()
                    .anyMatch(
                            c ->
                                    Character.isWhitespace(c)
                                            || c < 0x20
                                            || c == ':'
                                            || c == '@'
                                            || c == '/')) {
                throw new IllegalArgumentException(
                        "not a connection string: expected a URI (postgresql://…), key=value pairs"
                                + " (host=… dbname=…) or a database name; the text is not shown, since it"
                                + " may hold a password");
            }
            kw.put("dbname", s);
        }
        if (jdbc) {
            // The driver's own names for what libpq calls otherwise.
            rename(kw, "ApplicationName", "application_name");
            rename(kw, "applicationName", "application_name");
            rename(kw, "connectTimeout", "connect_timeout");
        }
        String service = kw.remove("service");
        if (service == null && env.get("PGSERVICE") != null && !env.get("PGSERVICE").isEmpty()) {
            service = env.get("PGSERVICE");
        }
        if (service != null) {
            // As libpq: what the string says wins; the service fills the rest, before PG*.
            PgService.lookup(service, env).forEach(kw::putIfAbsent);
        }
        for (String k : kw.keySet()) {
            if (LIBPQ_OTHERS.contains(k)) {
                throw new IllegalArgumentException(
                        "connection string keyword \""
                                + k
                                + "\" is not supported by lrplan yet (it passes on "
                                + String.join(", ", new java.util.TreeSet<>(SUPPORTED))
                                + "); remove it");
            }
            if (!SUPPORTED.contains(k)) {
                throw new IllegalArgumentException(
                        "invalid connection option \""
                                + dev.lrplan.sql.Sql.printable(k)
                                + "\" (libpq refuses it too; a typo?)");
            }
        }
        fill(kw, "host", env.get("PGHOST"), "localhost");
        fill(kw, "port", env.get("PGPORT"), "5432");
        fill(kw, "user", env.get("PGUSER"), System.getProperty("user.name"));
        fill(kw, "dbname", env.get("PGDATABASE"), kw.get("user"));
        fill(kw, "password", env.get("PGPASSWORD"), null);
        fill(kw, "passfile", env.get("PGPASSFILE"), null);
        fill(kw, "sslrootcert", env.get("PGSSLROOTCERT"), null);
        fill(kw, "sslcert", env.get("PGSSLCERT"), null);
        fill(kw, "sslkey", env.get("PGSSLKEY"), null);
        fill(kw, "connect_timeout", env.get("PGCONNECT_TIMEOUT"), null);
        fill(kw, "options", env.get("PGOPTIONS"), null);
        fill(kw, "target_session_attrs", env.get("PGTARGETSESSIONATTRS"), null);
        fill(kw, "load_balance_hosts", env.get("PGLOADBALANCEHOSTS"), null);
        List<HostPort> list = hosts(kw.get("host"), kw.get("port"));
        for (HostPort hp : list) {
            if (hp.host().startsWith("@")) {
                throw new IllegalArgumentException(
                        "host "
                                + dev.lrplan.sql.Sql.printable(hp.host())
                                + " names a socket in Linux's abstract namespace, which lrplan cannot"
                                + " reach yet; give the socket's directory (host=/var/run/postgresql) or"
                                + " an address");
            }
        }
        if (list.size() > 1 && list.stream().anyMatch(HostPort::socket)) {
            throw new IllegalArgumentException(
                    "a host list with a Unix socket directory in it: lrplan reaches a socket only"
                            + " when it is the one host; give addresses, or the socket alone");
        }
        TargetSessionAttrs.check(kw.get("target_session_attrs"));
        String balance = kw.get("load_balance_hosts");
        if (balance != null && !balance.equals("disable") && !balance.equals("random")) {
            throw new IllegalArgumentException(
                    "invalid load_balance_hosts value: \""
                            + dev.lrplan.sql.Sql.printable(balance)
                            + "\" (libpq takes disable or random)");
        }
        if (!kw.containsKey("password")) {
            // As libpq would: the connection string handed to a subscription must carry it, since
            // the server that connects reads no password file of the operator's.
            PgPass.lookup(kw, env).ifPresent(p -> kw.put("password", p));
        }
        Secrets.remember(kw.get("password"));
        fill(kw, "sslmode", env.get("PGSSLMODE"), null);
        fill(kw, "application_name", env.get("PGAPPNAME"), "lrplan");
        return new ConnInfo(kw);
    }

    private static void rename(Map<String, String> kw, String from, String to) {
        if (kw.containsKey(from)) {
            kw.putIfAbsent(to, kw.remove(from));
        }
    }

    private static void fill(Map<String, String> kw, String key, String fromEnv, String fallback) {
        if (!kw.containsKey(key)) {
            String v = fromEnv != null && !fromEnv.isEmpty() ? fromEnv : fallback;
            if (v != null) {
                kw.put(key, v);
            }
        }
    }

    /**
     * libpq's URI grammar, in its order: user info up to an '@' that comes before any '/', then the
     * host list, then the database up to '?', then the parameters. Every part is percent-decoded
     * strictly; a malformed escape is an error that does not echo the text (it may be part of a
     * password).
     */
    private static void parseUri(String rest, Map<String, String> kw) {
        int at = -1;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '@') {
                at = i;
                break;
            }
            if (c == '/' || c == '?') {
                break;
            }
        }
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                String password = decode(userInfo.substring(colon + 1), "password");
                Secrets.remember(password);
                Secrets.remember(userInfo.substring(colon + 1));
                kw.put("password", password);
                userInfo = userInfo.substring(0, colon);
            }
            if (!userInfo.isEmpty()) {
                kw.put("user", decode(userInfo, "user name"));
            }
        }
        int end = 0;
        while (end < rest.length() && rest.charAt(end) != '/' && rest.charAt(end) != '?') {
            end++;
        }
        String authority = rest.substring(0, end);
        rest = rest.substring(end);
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        if (rest.startsWith("/") && rest.length() > 1) {
            kw.put("dbname", decode(rest.substring(1), "database name"));
        }
        if (!authority.isEmpty()) {
            List<String> hosts = new java.util.ArrayList<>();
            List<String> ports = new java.util.ArrayList<>();
            for (String one : authority.split(",", -1)) {
                String[] hp = uriHost(one);
                hosts.add(hp[0]);
                ports.add(hp[1]);
            }
            if (hosts.stream().anyMatch(h -> !h.isEmpty())) {
                kw.put("host", String.join(",", hosts));
            }
            if (ports.stream().anyMatch(p -> !p.isEmpty())) {
                kw.put("port", String.join(",", ports));
            }
        }
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(
                            "connection URI: a parameter needs the form key=value");
                }
                String key = decode(pair.substring(0, eq), "parameter name");
                String value = decode(pair.substring(eq + 1), "parameter value");
                if (key.equals("password")) {
                    Secrets.remember(value);
                    Secrets.remember(pair.substring(eq + 1));
                }
                kw.put(key, value);
            }
        }
    }

    /** One element of a URI's host list: {@code host}, {@code host:port} or {@code [v6]:port}. */
    private static String[] uriHost(String authority) {
        String host = authority;
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException(
                        "connection URI: an IPv6 address needs its closing ']'");
            }
            host = authority.substring(1, close);
            if (authority.length() > close + 1) {
                if (authority.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException(
                            "connection URI: unexpected text after the IPv6 address");
                }
                port = authority.substring(close + 2);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            if (colon >= 0) {
                host = authority.substring(0, colon);
                port = authority.substring(colon + 1);
            }
        }
        return new String[] {decode(host, "host"), port == null ? "" : decode(port, "port")};
    }

    private static void parseKeyValue(String s, Map<String, String> kw) {
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = s.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < s.length() && s.charAt(i) == '\'') {
                i++;
                while (i < s.length() && s.charAt(i) != '\'') {
                    if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                        i++;
                    }
                    value.append(s.charAt(i++));
                }
                i++;
            } else {
                while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                    if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                        i++;
                    }
                    value.append(s.charAt(i++));
                }
            }
            if (key.equals("password")) {
                Secrets.remember(value.toString());
            }
            kw.put(key, value.toString());
        }
    }

    private static String decode(String s, String what) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 1 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException(
                            "connection URI: invalid percent-encoded token in the "
                                    + what
                                    + " (write %25 for a literal %)");
                }
                if (hi == 0 && lo == 0) {
                    throw new IllegalArgumentException(
                            "connection URI: forbidden value %00 in the " + what);
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** One server of the host list, as libpq pairs hosts with ports. */
    public record HostPort(String host, int port) {
        /** A Unix socket directory, as libpq reads a host starting with '/'. */
        public boolean socket() {
            return host.startsWith("/");
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * libpq's pairing of a host list with a port list: one port for every host, or one each; an
     * empty element means the default (localhost, 5432).
     */
    public static List<HostPort> hosts(String host, String port) {
        String[] hs = (host == null ? "" : host).split(",", -1);
        String[] ps = (port == null ? "" : port).split(",", -1);
        if (ps.length != 1 && ps.length != hs.length) {
            throw new IllegalArgumentException(
                    "could not match "
                            + ps.length
                            + " port numbers to "
                            + hs.length
                            + " hosts (libpq refuses it too)");
        }
        List<HostPort> out = new java.util.ArrayList<>();
        for (int i = 0; i < hs.length; i++) {
            String h = hs[i].strip().isEmpty() ? "localhost" : hs[i].strip();
            String p = (ps.length == 1 ? ps[0] : ps[i]).strip();
            if (p.isEmpty()) {
                p = "5432";
            }
            if (!p.matches("[0-9]{1,5}")
                    || Integer.parseInt(p) == 0
                    || Integer.parseInt(p) > 65535) {
                throw new IllegalArgumentException("invalid port number in the connection string");
            }
            out.add(new HostPort(h, Integer.parseInt(p)));
        }
        return List.copyOf(out);
    }

    /** Every server of the host list, in libpq's order. */
    public List<HostPort> hosts() {
        return hosts(keywords.get("host"), keywords.get("port"));
    }

    /** The first host: the one for a single-host string. */
    public String host() {
        return hosts().get(0).host();
    }

    public int port() {
        return hosts().get(0).port();
    }

    public String database() {
        return keywords.get("dbname");
    }

    public String user() {
        return keywords.get("user");
    }

    /**
     * The libpq key=value form, values quoted as libpq reads them: what a server needs in CREATE
     * SUBSCRIPTION … CONNECTION. It holds the password when one was given, so it only ever travels
     * as a psql variable.
     */
    public String libpq() {
        StringBuilder b = new StringBuilder();
        for (String k :
                new String[] {
                    "host",
                    "port",
                    "dbname",
                    "user",
                    "password",
                    "sslmode",
                    "sslrootcert",
                    "sslcert",
                    "sslkey",
                    "connect_timeout",
                    "options",
                    "target_session_attrs",
                    "load_balance_hosts"
                }) {
            String v = keywords.get(k);
            if (v != null) {
                b.append(b.length() == 0 ? "" : " ")
                        .append(k)
                        .append("='")
                        .append(v.replace("\\", "\\\\").replace("'", "\\'"))
                        .append('\'');
            }
        }
        return b.toString();
    }

    /** Where it points, for messages: never the password. */
    public String describe() {
        if (hosts().size() > 1) {
            return user()
                    + "@"
                    + String.join(",", hosts().stream().map(HostPort::toString).toList())
                    + "/"
                    + database();
        }
        return user() + "@" + host() + ":" + port() + "/" + database();
    }

    /**
     * The JDBC URL; user, password and TLS options travel as properties (see {@link
     * #jdbcProperties}).
     */
    /** Whether the host is a Unix socket directory, as libpq reads a host starting with '/'. */
    public boolean socket() {
        return hosts().size() == 1 && hosts().get(0).socket();
    }

    /** The server's socket file in that directory: {@code DIR/.s.PGSQL.PORT}, as libpq forms it. */
    public String socketFile() {
        return host().replaceAll("/+$", "") + "/.s.PGSQL." + port();
    }

    public String jdbcUrl() {
        // Over a Unix socket the driver's socket factory (junixsocket) makes the connection; the
        // URL's host is then only a placeholder.
        String h =
                socket()
                        ? "localhost:" + port()
                        : String.join(",", hosts().stream().map(HostPort::toString).toList());
        return "jdbc:postgresql://"
                + h
                + "/"
                + java.net.URLEncoder.encode(database(), StandardCharsets.UTF_8)
                        .replace("+", "%20");
    }

    public java.util.Properties jdbcProperties() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", user());
        if (keywords.containsKey("password")) {
            p.setProperty("password", keywords.get("password"));
        }
        p.setProperty("ApplicationName", keywords.get("application_name"));
        for (String k : new String[] {"sslmode", "sslrootcert", "sslcert", "sslkey"}) {
            if (keywords.containsKey(k)) {
                p.setProperty(k, keywords.get(k));
            }
        }
        if (keywords.containsKey("connect_timeout")) {
            p.setProperty("connectTimeout", keywords.get("connect_timeout"));
        }
        if (keywords.containsKey("options")) {
            p.setProperty("options", keywords.get("options"));
        }
        if (keywords.containsKey("target_session_attrs")) {
            p.setProperty(
                    "targetServerType",
                    TargetSessionAttrs.jdbc(keywords.get("target_session_attrs")));
        }
        if ("random".equals(keywords.get("load_balance_hosts"))) {
            p.setProperty("loadBalanceHosts", "true");
        }
        if (socket()) {
            p.setProperty("socketFactory", "org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg");
            p.setProperty("socketFactoryArg", socketFile());
            // libpq never negotiates TLS over a Unix socket; neither does lrplan.
            p.putIfAbsent("sslmode", "disable");
        }
        return p;
    }
}
