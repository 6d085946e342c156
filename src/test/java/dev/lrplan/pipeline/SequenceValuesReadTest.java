package dev.lrplan.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lrplan.catalog.Sequence;
import dev.lrplan.diff.Differ;
import dev.lrplan.finding.Code;
import dev.lrplan.plan.Plan;
import dev.lrplan.plan.PlanLoader;
import dev.lrplan.testing.Clusters;
import dev.lrplan.testing.Db;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compile and diff read a live source's sequence values only where LR112 needs them: where some
 * value the source sequence can hold, carried over with the margin, would not fit the target's
 * sequence. Reading a value opens and locks the sequence. Live 13 → 16: each sequence is set near
 * its end, so LR112 fires exactly where the value was read and was needed.
 */
class SequenceValuesReadTest {

    /** name, source definition, target definition, value set on the source, whether LR112 fires. */
    private record Case(String name, String source, String target, String value, boolean fires) {}

    private static final List<Case> CASES =
            List.of(
                    // widened on the target: every value fits, none is read
                    new Case("widened", "AS integer", "AS bigint", "2147483000", false),
                    new Case(
                            "widened_desc",
                            "AS integer INCREMENT BY -1",
                            "AS bigint INCREMENT BY -1",
                            "-2147483000",
                            false),
                    new Case("small_to_int", "AS smallint", "AS integer", "32000", false),
                    // the same type: values near the end do not fit with the margin
                    new Case(
                            "same_near_end", "AS bigint", "AS bigint", "9223372036854775000", true),
                    new Case("same_far", "AS bigint", "AS bigint", "42", false),
                    new Case(
                            "same_desc_near_end",
                            "AS bigint INCREMENT BY -1",
                            "AS bigint INCREMENT BY -1",
                            "-9223372036854775000",
                            true),
                    new Case("int_near_end", "AS integer", "AS integer", "2147483000", true),
                    // narrowed on the target
                    new Case("narrowed", "AS integer", "AS smallint", "40000", true),
                    new Case("narrowed_low", "AS integer", "AS smallint", "5", false),
                    new Case(
                            "lower_max",
                            "AS bigint",
                            "AS bigint MAXVALUE 1000000",
                            "999999",
                            true));

    @TempDir Path dir;

    @Test
    void onlyTheValuesLr112NeedsAreReadAndItStillFires() throws Exception {
        Db src = Db.create(Clusters.shared("13"), "seqread_src");
        Db tgt = Db.create(Clusters.shared("16"), "seqread_tgt");
        for (Case c : CASES) {
            src.exec("CREATE SEQUENCE public." + c.name() + " " + c.source());
            tgt.exec("CREATE SEQUENCE public." + c.name() + " " + c.target());
            src.exec("SELECT setval('public." + c.name() + "', " + c.value() + ")");
        }
        Path file = dir.resolve("plan.yaml");
        Files.writeString(
                file,
                "plan: 1\nname: seqread\nsource: { url: \"${SRC}\" }\ntarget: { url: \"${DST}\" }\n");
        Map<String, String> env = Map.of("SRC", src.uri(), "DST", tgt.uri());
        Plan plan = PlanLoader.load(file, env);
        Inputs.Both both =
                Inputs.loadBoth(
                        plan.source(), plan.target(), env, plan.switchover().sequenceMargin());

        Set<String> read = new TreeSet<>();
        for (Sequence s : both.source().catalog().sequences()) {
            if (s.lastValue() != null) {
                read.add(s.name().name());
            }
        }
        // Those whose range (not value) may not fit the target's: the widened ones are not read.
        Set<String> mayNotFit =
                names(c -> !c.name().startsWith("widened") && !c.name().equals("small_to_int"));
        assertEquals(mayNotFit, read, "the sequences whose values were read");
        for (Sequence s : both.target().catalog().sequences()) {
            assertNull(s.lastValue(), "the target's values are never read: " + s.name());
        }

        Set<String> fired =
                Differ.diff(plan, both.source().catalog(), both.target().catalog())
                        .findings()
                        .stream()
                        .filter(f -> f.code() == Code.LR112)
                        .map(f -> f.subject().substring("public.".length()))
                        .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(names(Case::fires), fired, "LR112 on live 13 -> 16");
    }

    private static Set<String> names(java.util.function.Predicate<Case> which) {
        return CASES.stream()
                .filter(which)
                .map(Case::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
