package dev.lrplan.db;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A connection to pgbouncer's admin console (the virtual database {@code pgbouncer}), speaking the
 * simple-query protocol that console understands. The JDBC driver cannot be used there: it sends
 * {@code SET extra_float_digits} on connecting, which the console refuses ("SET failed") in
 * pgbouncer before 1.25. Authentication: trust, password, md5 and SCRAM-SHA-256; no TLS (the
 * console is normally reached on localhost; {@code sslmode=require} is refused).
 */
public final class AdminConsole implements AutoCloseable {
    /** A failure the console reported, or a broken connection. */
    public static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    /** The rows of a command's result, each column by name, with its command tag. */
    public record Result(String tag, List<Map<String, String>> rows) {}

    private final Socket socket;
    private final SocketChannel channel;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final List<String> notices = new ArrayList<>();

    private AdminConsole(Socket socket, SocketChannel channel, InputStream in, OutputStream out) {
        this.socket = socket;
        this.channel = channel;
        this.in = new DataInputStream(new BufferedInputStream(in));
        this.out = new DataOutputStream(new BufferedOutputStream(out));
    }

    public static AdminConsole connect(ConnInfo info) throws Failure {
        String ssl = info.keywords().getOrDefault("sslmode", "prefer");
        if (ssl.equals("require") || ssl.startsWith("verify")) {
            throw new Failure(
                    "sslmode="
                            + ssl
                            + ": lrplan reaches pgbouncer's admin console without TLS; use"
                            + " sslmode=disable over localhost");
        }
        if (info.hosts().size() > 1) {
            throw new Failure(
                    "pgbouncer's admin console is one server: give one host, not "
                            + info.describe());
        }
        AdminConsole c;
        String host = info.host();
        try {
            if (host.startsWith("/")) {
                SocketChannel ch =
                        SocketChannel.open(
                                UnixDomainSocketAddress.of(host + "/.s.PGSQL." + info.port()));
                c =
                        new AdminConsole(
                                null,
                                ch,
                                Channels.newInputStream(ch),
                                Channels.newOutputStream(ch));
            } else {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(host, info.port()), 10_000);
                s.setTcpNoDelay(true);
                c = new AdminConsole(s, null, s.getInputStream(), s.getOutputStream());
            }
        } catch (IOException e) {
            throw new Failure(
                    "cannot reach pgbouncer's admin console at "
                            + info.describe()
                            + ": "
                            + e.getMessage());
        }
        try {
            c.startup(info);
            return c;
        } catch (IOException e) {
            c.close();
            throw new Failure("pgbouncer's admin console at " + info.describe() + ": " + e);
        } catch (Failure e) {
            c.close();
            throw e;
        }
    }

    /** Notices the console sent since the last call. */
    public List<String> drainNotices() {
        List<String> n = List.copyOf(notices);
        notices.clear();
        return n;
    }

    /**
     * Runs one command and returns its (last) result. A read that waits longer than {@code
     * timeoutMillis} (0: no limit) fails; the connection is then unusable.
     */
    public Result query(String command, int timeoutMillis) throws Failure {
        // A Unix socket has no read timeout: a timer closes the channel instead.
        java.util.Timer watchdog = null;
        if (socket == null && timeoutMillis > 0) {
            watchdog = new java.util.Timer("lrplan-pgbouncer-timeout", true);
            watchdog.schedule(
                    new java.util.TimerTask() {
                        @Override
                        public void run() {
                            try {
                                channel.close();
                            } catch (IOException e) {
                                // the read fails either way
                            }
                        }
                    },
                    timeoutMillis);
        }
        try {
            setTimeout(timeoutMillis);
            byte[] text = command.getBytes(StandardCharsets.UTF_8);
            out.writeByte('Q');
            out.writeInt(4 + text.length + 1);
            out.write(text);
            out.writeByte(0);
            out.flush();
            List<String> columns = List.of();
            List<Map<String, String>> rows = new ArrayList<>();
            String tag = "";
            String error = null;
            while (true) {
                int type = in.readUnsignedByte();
                byte[] body = body();
                switch (type) {
                    case 'T' -> {
                        columns = columns(body);
                        rows = new ArrayList<>();
                    }
                    case 'D' -> rows.add(row(body, columns));
                    case 'C' -> tag = cstring(body, 0);
                    case 'E' -> error = fields(body);
                    case 'N' -> notices.add(fields(body));
                    case 'Z' -> {
                        if (error != null) {
                            throw new Failure(error);
                        }
                        return new Result(tag, rows);
                    }
                    default -> {
                        // ParameterStatus, EmptyQueryResponse and the like carry nothing we need.
                    }
                }
            }
        } catch (SocketTimeoutException | java.nio.channels.AsynchronousCloseException e) {
            throw new Failure(
                    "no answer from pgbouncer within " + timeoutMillis / 1000 + " s to " + command);
        } catch (IOException e) {
            throw new Failure("the connection to pgbouncer's admin console broke: " + e);
        } finally {
            if (watchdog != null) {
                watchdog.cancel();
            }
        }
    }

    @Override
    public void close() {
        try {
            out.writeByte('X');
            out.writeInt(4);
            out.flush();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            if (socket != null) {
                socket.close();
            } else {
                channel.close();
            }
        } catch (IOException e) {
            // nothing to do
        }
    }

    private void setTimeout(int millis) throws IOException {
        if (socket != null) {
            socket.setSoTimeout(millis);
        }
        // A Unix socket channel has no read timeout; the console is local there.
    }

    private void startup(ConnInfo info) throws IOException, Failure {
        setTimeout(10_000);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.writeInt(196608);
        for (String[] kv :
                List.of(
                        new String[] {"user", info.user()},
                        new String[] {"database", info.database()})) {
            d.write(kv[0].getBytes(StandardCharsets.UTF_8));
            d.writeByte(0);
            d.write(kv[1].getBytes(StandardCharsets.UTF_8));
            d.writeByte(0);
        }
        d.writeByte(0);
        out.writeInt(4 + b.size());
        out.write(b.toByteArray());
        out.flush();
        String password = info.keywords().get("password");
        Scram scram = null;
        while (true) {
            int type = in.readUnsignedByte();
            byte[] body = body();
            if (type == 'E') {
                throw new Failure("pgbouncer refused the connection: " + fields(body));
            }
            if (type == 'Z') {
                return;
            }
            if (type != 'R') {
                continue;
            }
            int code = int32(body, 0);
            switch (code) {
                case 0 -> {}
                case 3 -> sendPassword('p', needPassword(password, info));
                case 5 -> {
                    String pw = needPassword(password, info);
                    String inner = md5Hex((pw + info.user()).getBytes(StandardCharsets.UTF_8));
                    byte[] salted = new byte[32 + 4];
                    System.arraycopy(inner.getBytes(StandardCharsets.US_ASCII), 0, salted, 0, 32);
                    System.arraycopy(body, 4, salted, 32, 4);
                    sendPassword('p', "md5" + md5Hex(salted));
                }
                case 10 -> {
                    scram = new Scram(needPassword(password, info));
                    byte[] first = scram.clientFirst().getBytes(StandardCharsets.UTF_8);
                    byte[] mech = "SCRAM-SHA-256".getBytes(StandardCharsets.US_ASCII);
                    out.writeByte('p');
                    out.writeInt(4 + mech.length + 1 + 4 + first.length);
                    out.write(mech);
                    out.writeByte(0);
                    out.writeInt(first.length);
                    out.write(first);
                    out.flush();
                }
                case 11 -> {
                    String server = new String(body, 4, body.length - 4, StandardCharsets.UTF_8);
                    byte[] fin = scram.clientFinal(server).getBytes(StandardCharsets.UTF_8);
                    out.writeByte('p');
                    out.writeInt(4 + fin.length);
                    out.write(fin);
                    out.flush();
                }
                case 12 ->
                        scram.verify(new String(body, 4, body.length - 4, StandardCharsets.UTF_8));
                default ->
                        throw new Failure(
                                "pgbouncer asks for an authentication method lrplan does not speak"
                                        + " (code "
                                        + code
                                        + "); use trust, md5 or scram-sha-256 for the admin console");
            }
        }
    }

    private static String needPassword(String password, ConnInfo info) throws Failure {
        if (password == null) {
            throw new Failure(
                    "pgbouncer's admin console at "
                            + info.describe()
                            + " asks for a password: give it in the admin connection string or PGPASSWORD");
        }
        return password;
    }

    private void sendPassword(char type, String password) throws IOException {
        byte[] p = password.getBytes(StandardCharsets.UTF_8);
        out.writeByte(type);
        out.writeInt(4 + p.length + 1);
        out.write(p);
        out.writeByte(0);
        out.flush();
    }

    private byte[] body() throws IOException {
        int len = in.readInt();
        if (len < 4 || len > 64 << 20) {
            throw new EOFException("a malformed message from pgbouncer (length " + len + ")");
        }
        byte[] b = new byte[len - 4];
        in.readFully(b);
        return b;
    }

    private static int int32(byte[] b, int at) {
        return ((b[at] & 0xff) << 24)
                | ((b[at + 1] & 0xff) << 16)
                | ((b[at + 2] & 0xff) << 8)
                | (b[at + 3] & 0xff);
    }

    private static String cstring(byte[] b, int at) {
        int end = at;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, at, end - at, StandardCharsets.UTF_8);
    }

    private static List<String> columns(byte[] b) {
        int n = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        List<String> names = new ArrayList<>();
        int at = 2;
        for (int i = 0; i < n; i++) {
            String name = cstring(b, at);
            names.add(name);
            at += name.getBytes(StandardCharsets.UTF_8).length + 1 + 18;
        }
        return names;
    }

    private static Map<String, String> row(byte[] b, List<String> columns) {
        int n = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        Map<String, String> row = new LinkedHashMap<>();
        int at = 2;
        for (int i = 0; i < n; i++) {
            int len = int32(b, at);
            at += 4;
            String v = len < 0 ? null : new String(b, at, len, StandardCharsets.UTF_8);
            at += Math.max(len, 0);
            row.put(i < columns.size() ? columns.get(i) : "column" + i, v);
        }
        return row;
    }

    /** An error or notice: its severity and message (and detail, hint where given). */
    private static String fields(byte[] b) {
        Map<Character, String> f = new LinkedHashMap<>();
        int at = 0;
        while (at < b.length && b[at] != 0) {
            char code = (char) b[at];
            String v = cstring(b, at + 1);
            f.put(code, v);
            at += 1 + v.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        StringBuilder s = new StringBuilder(f.getOrDefault('M', "(no message)"));
        if (f.containsKey('D')) {
            s.append(" (").append(f.get('D')).append(')');
        }
        if (f.containsKey('H')) {
            s.append("; hint: ").append(f.get('H'));
        }
        return s.toString();
    }

    private static String md5Hex(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SCRAM-SHA-256 without channel binding (RFC 5802, RFC 7677), as PostgreSQL speaks it. */
    private static final class Scram {
        private final String password;
        private final String nonce;
        private String clientFirstBare;
        private byte[] serverSignature;

        Scram(String password) {
            this.password = password;
            byte[] r = new byte[18];
            new SecureRandom().nextBytes(r);
            this.nonce = Base64.getEncoder().encodeToString(r);
        }

        String clientFirst() {
            clientFirstBare = "n=,r=" + nonce;
            return "n,," + clientFirstBare;
        }

        String clientFinal(String serverFirst) throws Failure {
            Map<String, String> a = attributes(serverFirst);
            String r = a.get("r");
            if (r == null || !r.startsWith(nonce) || a.get("s") == null || a.get("i") == null) {
                throw new Failure("pgbouncer sent a malformed SCRAM challenge");
            }
            byte[] salt = Base64.getDecoder().decode(a.get("s"));
            int iterations = Integer.parseInt(a.get("i"));
            try {
                SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
                byte[] salted =
                        f.generateSecret(
                                        new PBEKeySpec(
                                                password.toCharArray(), salt, iterations, 256))
                                .getEncoded();
                byte[] clientKey = hmac(salted, "Client Key");
                byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
                String withoutProof = "c=biws,r=" + r;
                String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
                byte[] signature = hmac(storedKey, authMessage);
                byte[] proof = new byte[clientKey.length];
                for (int i = 0; i < proof.length; i++) {
                    proof[i] = (byte) (clientKey[i] ^ signature[i]);
                }
                serverSignature = hmac(hmac(salted, "Server Key"), authMessage);
                return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
            } catch (GeneralSecurityException e) {
                throw new Failure("SCRAM-SHA-256: " + e.getMessage());
            }
        }

        void verify(String serverFinal) throws Failure {
            String v = attributes(serverFinal).get("v");
            if (v == null
                    || !MessageDigest.isEqual(Base64.getDecoder().decode(v), serverSignature)) {
                throw new Failure(
                        "pgbouncer's SCRAM signature does not match: not the server asked for");
            }
        }

        private static byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        }

        private static Map<String, String> attributes(String s) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String part : s.split(",")) {
                int eq = part.indexOf('=');
                if (eq == 1) {
                    m.put(part.substring(0, 1), part.substring(2));
                }
            }
            return m;
        }
    }
}
