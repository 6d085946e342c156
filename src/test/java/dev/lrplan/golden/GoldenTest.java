package dev.lrplan.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lrplan.pipeline.CompilePipeline;
import dev.lrplan.pipeline.Inputs;
import dev.lrplan.plan.Plan;
import dev.lrplan.plan.PlanLoader;
import dev.lrplan.render.OutputFolder;
import dev.lrplan.render.Templates;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import org.approvaltests.Approvals;
import org.approvaltests.core.Options;
import org.approvaltests.namer.ApprovalNamer;
import org.approvaltests.reporters.AutoApproveReporter;
import org.approvaltests.reporters.QuietReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each example plan's whole compiled folder, file by file, against golden/PLAN/ (ApprovalTests). On
 * a difference the received file is written under target/golden-received/ and its path printed;
 * approve by reviewing the diff and rerunning with -Dlrplan.approve=true.
 */
class GoldenTest {

    @ParameterizedTest
    @EnumSource(ExamplePlans.class)
    void compiledFolderMatchesGolden(ExamplePlans example) throws Exception {
        Plan plan = PlanLoader.load(Path.of("plans", example.dir, "plan.yaml"), Map.of());
        CompilePipeline.Result r =
                CompilePipeline.run(
                        plan,
                        Inputs.load(plan.source(), Map.of()),
                        Inputs.load(plan.target(), Map.of()),
                        Templates.builtIn(),
                        "0.1.0");
        SortedMap<String, String> files = r.files();
        Path golden = Path.of("golden", example.dir);
        for (var e : files.entrySet()) {
            Approvals.verify(
                    e.getValue(),
                    new Options()
                            .withReporter(
                                    Boolean.getBoolean("lrplan.approve")
                                            ? new AutoApproveReporter()
                                            : new QuietReporter())
                            .forFile()
                            .withNamer(
                                    new FolderNamer(
                                            golden,
                                            Path.of("target/golden-received", example.dir),
                                            e.getKey())));
        }
        assertEquals(
                files.keySet(),
                OutputFolder.read(golden).keySet(),
                "golden/" + example.dir + " has other files");
        // Compiling twice gives the same bytes.
        assertEquals(
                files,
                CompilePipeline.run(
                                plan,
                                Inputs.load(plan.source(), Map.of()),
                                Inputs.load(plan.target(), Map.of()),
                                Templates.builtIn(),
                                "0.1.0")
                        .files());
    }

    /** Approved file golden/PLAN/FILE, received file target/golden-received/PLAN/FILE. */
    private record FolderNamer(Path approved, Path received, String file) implements ApprovalNamer {
        @Override
        public String getApprovalName() {
            return file;
        }

        @Override
        public String getSourceFilePath() {
            return approved.toString() + File.separator;
        }

        @Override
        public File getApprovedFile(String extension) {
            return approved.resolve(file).toFile();
        }

        @Override
        public File getReceivedFile(String extension) {
            try {
                Files.createDirectories(received);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return received.resolve(file).toFile();
        }

        @Override
        public ApprovalNamer addAdditionalInformation(String info) {
            return this;
        }
    }
}
