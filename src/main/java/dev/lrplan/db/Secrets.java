package dev.lrplan.db;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every password lrplan has parsed, so that no message can carry one: whatever prints an error
 * passes its text through {@link #redact}, which replaces each known password (and its
 * percent-encoded form) with {@code ***}.
 */
public final class Secrets {
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

    private Secrets() {}

    static void remember(String secret) {
        if (secret != null && secret.length() >= 3) {
            KNOWN.add(secret);
            KNOWN.add(java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : KNOWN) {
            out = out.replace(s, "***");
        }
        return out;
    }
}
