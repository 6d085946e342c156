package dev.lrplan.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The machine's {@code pg_dump} (Debian's PostgreSQL client, which .ci/run installs). */
public final class PgDump {
    private PgDump() {}

    /** {@code pg_dump --schema-only} of a test database. */
    public static String schema(Db db) throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder(
                                "pg_dump",
                                "--schema-only",
                                "-h",
                                db.cluster().host(),
                                "-p",
                                Integer.toString(db.cluster().port()),
                                "-U",
                                db.cluster().user(),
                                db.name())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "pg_dump failed (is Debian's postgresql-client installed?)");
        return new String(out, StandardCharsets.UTF_8);
    }
}
