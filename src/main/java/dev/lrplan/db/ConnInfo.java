package dev.lrplan.db;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A connection string in any of the forms a DBA has at hand — a libpq URI
 * ({@code postgresql://user:secret@host:5432/db?sslmode=require}), a libpq key=value string
 * ({@code host=h port=5432 dbname=db}) or a JDBC URL — reduced to libpq's keywords. Missing keywords
 * fall back to the PG* environment variables, as libpq does.
 */
public record ConnInfo(Map<String, String> keywords) {
    public ConnInfo {
        keywords = Collections.unmodifiableSortedMap(new TreeMap<>(keywords));
    }

    public static ConnInfo parse(String text, Map<String, String> env) {
        Objects.requireNonNull(text, "connection string");
        String s = text.strip();
        Map<String, String> kw = new TreeMap<>();
        if (s.startsWith("jdbc:")) {
            s = s.substring("jdbc:".length());
        }
        if (s.startsWith("postgresql://") || s.startsWith("postgres://")) {
            parseUri(s.substring(s.indexOf("://") + 3), kw);
        } else if (s.contains("=")) {
            parseKeyValue(s, kw);
        } else if (!s.isEmpty()) {
            throw new IllegalArgumentException("not a connection string (expected postgresql://… or key=value): "
                    + redact(s));
        }
        fill(kw, "host", env.get("PGHOST"), "localhost");
        fill(kw, "port", env.get("PGPORT"), "5432");
        fill(kw, "user", env.get("PGUSER"), System.getProperty("user.name"));
        fill(kw, "dbname", env.get("PGDATABASE"), kw.get("user"));
        fill(kw, "password", env.get("PGPASSWORD"), null);
        fill(kw, "sslmode", env.get("PGSSLMODE"), null);
        fill(kw, "application_name", env.get("PGAPPNAME"), "lrplan");
        return new ConnInfo(kw);
    }

    private static void fill(Map<String, String> kw, String key, String fromEnv, String fallback) {
        if (!kw.containsKey(key)) {
            String v = fromEnv != null && !fromEnv.isEmpty() ? fromEnv : fallback;
            if (v != null) {
                kw.put(key, v);
            }
        }
    }

    private static void parseUri(String rest, Map<String, String> kw) {
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String authority = slash >= 0 ? rest.substring(0, slash) : rest;
        if (slash >= 0 && slash + 1 < rest.length()) {
            kw.put("dbname", decode(rest.substring(slash + 1)));
        }
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                kw.put("user", decode(userInfo.substring(0, colon)));
                kw.put("password", decode(userInfo.substring(colon + 1)));
            } else if (!userInfo.isEmpty()) {
                kw.put("user", decode(userInfo));
            }
        }
        if (!authority.isEmpty()) {
            String host = authority;
            int colon = authority.lastIndexOf(':');
            if (colon >= 0 && !authority.endsWith("]")) {
                host = authority.substring(0, colon);
                kw.put("port", authority.substring(colon + 1));
            }
            if (!host.isEmpty()) {
                kw.put("host", decode(host));
            }
        }
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    kw.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            }
        }
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
            kw.put(key, value.toString());
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String redact(String s) {
        return s.replaceAll("(?i)(password\\s*=\\s*)\\S+", "$1***").replaceAll("://([^:/@]*):[^@]*@", "://$1:***@");
    }

    public String host() {
        return keywords.get("host");
    }

    public int port() {
        return Integer.parseInt(keywords.get("port"));
    }

    public String database() {
        return keywords.get("dbname");
    }

    public String user() {
        return keywords.get("user");
    }

    /**
     * The libpq key=value form, values quoted as libpq reads them: what a server needs in CREATE SUBSCRIPTION …
     * CONNECTION. It holds the password when one was given, so it only ever travels as a psql variable.
     */
    public String libpq() {
        StringBuilder b = new StringBuilder();
        for (String k : new String[] {"host", "port", "dbname", "user", "password", "sslmode", "sslrootcert", "sslcert",
                "sslkey", "connect_timeout"}) {
            String v = keywords.get(k);
            if (v != null) {
                b.append(b.length() == 0 ? "" : " ").append(k).append("='")
                        .append(v.replace("\\", "\\\\").replace("'", "\\'")).append('\'');
            }
        }
        return b.toString();
    }

    /** Where it points, for messages: never the password. */
    public String describe() {
        return user() + "@" + host() + ":" + port() + "/" + database();
    }

    /** The JDBC URL; user, password and TLS options travel as properties (see {@link #jdbcProperties}). */
    public String jdbcUrl() {
        String h = host().contains(":") && !host().startsWith("[") ? "[" + host() + "]" : host();
        return "jdbc:postgresql://" + h + ":" + port() + "/"
                + java.net.URLEncoder.encode(database(), StandardCharsets.UTF_8).replace("+", "%20");
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
        return p;
    }
}
