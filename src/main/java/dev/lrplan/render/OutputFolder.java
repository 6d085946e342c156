package dev.lrplan.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes the output folder all at once: into a sibling temporary folder first, then swapped into
 * place, so a failed compile never leaves a half-written folder behind.
 */
public final class OutputFolder {
    private OutputFolder() {}

    public static void write(Path dir, SortedMap<String, String> files) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        ensureReplaceable(abs);
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + abs.getFileName() + ".lrplan-");
        Path old = null;
        try {
            for (var e : files.entrySet()) {
                Files.writeString(tmp.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
            if (Files.exists(abs)) {
                old = parent.resolve("." + abs.getFileName() + ".lrplan-old-" + System.nanoTime());
                Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
            if (old != null) {
                deleteTree(old);
            }
        }
    }

    /** Thrown when the output folder holds something that is not an earlier lrplan output. */
    public static final class NotOurs extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotOurs(String message) {
            super(message);
        }
    }

    /**
     * Replacing a folder deletes it: lrplan replaces only a folder that is empty or that holds an
     * earlier lrplan output and nothing else (a manifest.json of lrplan's format, the files it
     * lists and REVIEW.md), never a folder of the user's files, the plan's own folder, or {@code
     * .}.
     */
    public static void ensureReplaceable(Path abs) throws IOException {
        if (!Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String why = null;
        if (Files.isSymbolicLink(abs) || !Files.isDirectory(abs)) {
            why = "it is not a folder";
        } else {
            List<String> names = new ArrayList<>();
            try (Stream<Path> s = Files.list(abs)) {
                s.forEach(
                        p ->
                                names.add(
                                        p.getFileName().toString()
                                                + (Files.isRegularFile(
                                                                p,
                                                                java.nio.file.LinkOption
                                                                        .NOFOLLOW_LINKS)
                                                        ? ""
                                                        : "/")));
            }
            if (!names.isEmpty()) {
                java.util.Set<String> ours = lrplanFiles(abs.resolve("manifest.json"));
                if (ours.isEmpty()) {
                    why = "it is not empty and holds no lrplan manifest.json";
                } else {
                    List<String> foreign =
                            names.stream().filter(n -> !ours.contains(n)).sorted().toList();
                    if (!foreign.isEmpty()) {
                        why =
                                "besides an earlier lrplan output it holds "
                                        + String.join(
                                                ", ",
                                                foreign.subList(0, Math.min(5, foreign.size())))
                                        + (foreign.size() > 5
                                                ? " and " + (foreign.size() - 5) + " more"
                                                : "");
                    }
                }
            }
        }
        if (why != null) {
            throw new NotOurs(
                    "refusing to replace "
                            + abs
                            + ": "
                            + why
                            + ". lrplan replaces only an empty folder or one"
                            + " it wrote; choose a new folder with -o");
        }
    }

    /** The file names an lrplan manifest accounts for, or none when the file is not one. */
    private static java.util.Set<String> lrplanFiles(Path manifest) {
        java.util.Set<String> out = new java.util.HashSet<>();
        try {
            if (!Files.isRegularFile(manifest, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    || Files.size(manifest) > 64L << 20) {
                return out;
            }
            com.fasterxml.jackson.databind.JsonNode m =
                    dev.lrplan.json.Json.read(Files.readAllBytes(manifest));
            if (m == null || !"lrplan-manifest".equals(m.path("format").asText())) {
                return out;
            }
            out.add("manifest.json");
            out.add("REVIEW.md");
            for (com.fasterxml.jackson.databind.JsonNode st : m.path("steps")) {
                String f = st.path("file").asText();
                if (f.matches("[0-9]{2,}-[a-z0-9-]+\\.(source|target)\\.sql")) {
                    out.add(f);
                }
            }
        } catch (IOException | RuntimeException e) {
            out.clear();
        }
        return out;
    }

    /** The files of an existing folder, by name (for --check). */
    public static SortedMap<String, String> read(Path dir) throws IOException {
        SortedMap<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(p)) {
            s.forEach(all::add);
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(all.get(i));
        }
    }
}
