package dev.lrplan.render;

import dev.lrplan.compile.Compiler;
import dev.lrplan.compile.step.Step;
import dev.lrplan.contract.Gate;
import dev.lrplan.contract.Manifest;
import dev.lrplan.diff.Diff;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Renders a compiled plan into the files of the output folder: one script per step, {@code
 * manifest.json} and {@code REVIEW.md}. Pure and deterministic: same inputs, same bytes.
 */
public final class Output {
    private Output() {}

    /** What the manifest says about where the inputs came from, and what the scripts check. */
    public record Inputs(
            String planName,
            String planSha256,
            String sourceKind,
            String sourceSha256,
            String targetKind,
            String targetSha256,
            Manifest.Identity source,
            Manifest.Identity target,
            String toolVersion) {}

    public static SortedMap<String, String> render(
            Compiler.Compiled compiled, Diff diff, Inputs inputs, Templates templates) {
        // The steps are rendered and hashed on every core (10,000 tables make megabytes of SQL);
        // the result, and the first failure in step order, do not depend on the scheduling.
        List<Step> steps = compiled.steps();
        String[] texts = new String[steps.size()];
        String[] hashes = new String[steps.size()];
        RuntimeException[] failures = new RuntimeException[steps.size()];
        java.util.stream.IntStream.range(0, steps.size())
                .parallel()
                .forEach(
                        i -> {
                            try {
                                Step s = steps.get(i);
                                ScriptText text = new ScriptText(1 << 13);
                                templates.render(s.template(), s.model(), text);
                                texts[i] = text.text();
                                hashes[i] = sha256(texts[i]);
                            } catch (RuntimeException e) {
                                failures[i] = e;
                            }
                        });
        SortedMap<String, String> files = new TreeMap<>();
        Map<String, String> sha = new java.util.HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            if (failures[i] != null) {
                throw failures[i];
            }
            files.put(steps.get(i).fileName(), texts[i]);
            sha.put(steps.get(i).fileName(), hashes[i]);
        }
        dev.lrplan.diag.Timings.mark("render steps");
        files.put("manifest.json", manifest(compiled, inputs, sha));
        String manifestSha =
                sha256(
                        files.get("manifest.json")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        files.put("REVIEW.md", Review.markdown(compiled, diff, inputs, manifestSha, files));
        dev.lrplan.diag.Timings.mark("manifest, REVIEW.md");
        return files;
    }

    private static String manifest(Compiler.Compiled compiled, Inputs in, Map<String, String> sha) {
        List<Manifest.Entry> entries = new ArrayList<>();
        for (Step s : compiled.steps()) {
            entries.add(
                    new Manifest.Entry(
                            s.number(),
                            s.fileName(),
                            s.name(),
                            s.cluster(),
                            s.phase().name().toLowerCase(Locale.ROOT),
                            s.transactional(),
                            s.lockRisk().name().toLowerCase(Locale.ROOT),
                            s.execution(),
                            sha.get(s.fileName())));
        }
        boolean staged =
                compiled.steps().stream().anyMatch(s -> s.execution().gate() == Gate.STAGE);
        return new Manifest(
                        in.toolVersion(),
                        in.planName(),
                        in.planSha256(),
                        new Manifest.Input(in.sourceKind(), in.sourceSha256()),
                        new Manifest.Input(in.targetKind(), in.targetSha256()),
                        in.source(),
                        in.target(),
                        new Manifest.Replication(
                                compiled.strategy(),
                                compiled.names().publication(),
                                compiled.names().subscription(),
                                compiled.names().slot(),
                                staged ? compiled.names().stageIntervalSeconds() : null,
                                compiled.names().rollbackSubscription(),
                                compiled.names().rollbackSlot()),
                        compiled.pgbouncer(),
                        entries)
                .json();
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
