package dev.lrplan.bench;

import dev.lrplan.catalog.dump.DumpReader;
import dev.lrplan.catalog.dump.SchemaFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How the schema-file reader's time grows with the file: pg_dump-shaped text (a table with four
 * columns, a CHECK, its primary key and unique key as ALTER TABLE, a comment, a trigger function in
 * dollar quotes) repeated to about 6, 12, 25 and 50 MB. Reports seconds and seconds per MB to
 * target/bench/schema-file.txt; asserts nothing on time. Run with {@code mvn -B -Pbench verify}.
 */
@Tag("bench")
class SchemaFileBench {

    @Test
    void readTimeGrowsLinearlyWithTheFile() throws IOException {
        StringBuilder report =
                new StringBuilder(
                        "schema-file reader, one run each (JIT warmed by a first 2 MB read)\n");
        DumpReader.read(text(2L << 20), "warm.sql");
        for (long mb : new long[] {6, 12, 25, 50}) {
            String text = text(mb << 20);
            long t0 = System.nanoTime();
            SchemaFile f = DumpReader.read(text, "bench.sql");
            double s = (System.nanoTime() - t0) / 1e9;
            report.append(
                    String.format(
                            Locale.ROOT,
                            "%5.1f MB  %7d tables  %7.1f s  %6.2f s/MB  unread %d%n",
                            text.length() / 1048576.0,
                            f.catalog().tables().size(),
                            s,
                            s / (text.length() / 1048576.0),
                            f.unread().size()));
        }
        Path out = Path.of("target/bench/schema-file.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        System.out.print(report);
    }

    private static String text(long bytes) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; b.length() < bytes; i++) {
            b.append("CREATE TABLE public.t")
                    .append(i)
                    .append(
                            " (\n    id bigint NOT NULL,\n    code character varying(40) NOT NULL,\n"
                                    + "    amount numeric(12,2) DEFAULT 0,\n    created timestamp with time zone DEFAULT now(),\n"
                                    + "    CONSTRAINT t")
                    .append(i)
                    .append("_amount CHECK ((amount >= (0)::numeric))\n);\n\n")
                    .append("COMMENT ON TABLE public.t")
                    .append(i)
                    .append(" IS 'table; number ")
                    .append(i)
                    .append("';\n\n")
                    .append("CREATE FUNCTION public.f")
                    .append(i)
                    .append(
                            "() RETURNS trigger\n    LANGUAGE plpgsql\n    AS $$ BEGIN NEW.code := lower(NEW.code); RETURN NEW; END $$;\n\n")
                    .append("ALTER TABLE ONLY public.t")
                    .append(i)
                    .append("\n    ADD CONSTRAINT t")
                    .append(i)
                    .append("_pkey PRIMARY KEY (id);\n\n")
                    .append("ALTER TABLE ONLY public.t")
                    .append(i)
                    .append("\n    ADD CONSTRAINT t")
                    .append(i)
                    .append("_code_key UNIQUE (code);\n\n");
        }
        return b.toString();
    }
}
