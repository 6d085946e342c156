package dev.lrplan.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lrplan.testing.Cli;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sequence sync at switchover, for both methods, with and without a margin, for ascending and
 * descending sequences: the first insert on the new cluster takes the value the margin past the old
 * cluster's last, in the sequence's own direction, and never one the old cluster already handed
 * out.
 */
class SequenceSyncTest {
    @TempDir Path dir;

    @ParameterizedTest
    @CsvSource({"setval, 0", "alter-restart, 0", "setval, 1000", "alter-restart, 1000"})
    void theTargetContinuesPastTheSourceByTheMargin(String method, int margin) throws Exception {
        Db src = Db.create(Clusters.shared("13"), "seq_src");
        Db tgt = Db.create(Clusters.shared("16"), "seq_tgt");
        String ddl =
                "CREATE SEQUENCE public.up_seq; CREATE SEQUENCE public.down_seq INCREMENT BY -1 MAXVALUE -1 START -1;"
                        + "CREATE TABLE public.up (id int PRIMARY KEY DEFAULT nextval('public.up_seq'));"
                        + "CREATE TABLE public.down (id int PRIMARY KEY DEFAULT nextval('public.down_seq'));"
                        + "ALTER SEQUENCE public.up_seq OWNED BY public.up.id; ALTER SEQUENCE public.down_seq OWNED BY public.down.id;";
        src.exec(
                ddl
                        + "INSERT INTO public.up SELECT FROM generate_series(1, 10); "
                        + "INSERT INTO public.down SELECT FROM generate_series(1, 10);");
        tgt.exec(ddl);
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(
                plan,
                "plan: 1\nname: seqs\nsource: { url: \"${SRC}\" }\ntarget: { url: \"${DST}\" }\n"
                        + "switchover: { sequences: "
                        + method
                        + ", sequence_margin: "
                        + margin
                        + " }\nrollback: { enabled: false }\n");
        Map<String, String> env = Map.of("SRC", src.uri(), "DST", tgt.uri());
        Path out = dir.resolve("out");
        Cli compiled = Cli.run(env, "compile", plan.toString(), "-o", out.toString());
        assertEquals(0, compiled.exit(), compiled.err());
        Cli applied =
                Cli.run(
                        env,
                        "apply",
                        out.toString(),
                        "--plan",
                        plan.toString(),
                        "--all",
                        "--writes-stopped",
                        "--gate-timeout",
                        "120");
        assertEquals(0, applied.exit(), applied.out() + applied.err());
        tgt.exec("INSERT INTO public.up DEFAULT VALUES; INSERT INTO public.down DEFAULT VALUES;");
        assertEquals(11 + margin, tgt.queryLong("SELECT max(id) FROM public.up"), "ascending");
        assertEquals(-11 - margin, tgt.queryLong("SELECT min(id) FROM public.down"), "descending");
    }
}
