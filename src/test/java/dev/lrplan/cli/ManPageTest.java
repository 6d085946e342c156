package dev.lrplan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** lrplan(1): every command and option of the help is on the page, and groff reads it cleanly. */
class ManPageTest {
    @TempDir Path dir;

    @Test
    void everyCommandAndOptionIsOnThePageAndGroffReadsItWithoutAWarning() throws Exception {
        String page = ManPage.render();
        CommandLine root =
                Main.commandLine(
                        new Context(
                                new PrintWriter(new StringWriter()),
                                new PrintWriter(new StringWriter()),
                                Map.of()));
        for (var sub : root.getSubcommands().entrySet()) {
            if (sub.getKey().equals("help")) {
                continue;
            }
            assertTrue(page.contains(".SS \"lrplan " + sub.getKey()), sub.getKey());
            for (OptionSpec o : sub.getValue().getCommandSpec().options()) {
                if (!o.hidden() && !o.usageHelp() && !o.versionHelp()) {
                    assertTrue(
                            page.contains("\\fB" + ManPage.text(o.longestName()) + "\\fR"),
                            sub.getKey() + " " + o.longestName());
                }
            }
        }
        Path file = dir.resolve("lrplan.1");
        ManPage.main(new String[] {file.toString()});
        Process groff =
                new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-z", file.toString())
                        .redirectErrorStream(true)
                        .start();
        String warnings = new String(groff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, groff.waitFor(), warnings);
        assertEquals("", warnings, "groff's warnings");
        assertEquals(page, Files.readString(file), "the same page every time");
    }

    @Test
    void textCannotStartARequestOrHideABackslash() {
        assertEquals("\\&.TH x", ManPage.text(".TH x"));
        assertEquals("\\&'x", ManPage.text("'x"));
        assertEquals("a\\eb \\-\\-all", ManPage.text("a\\b --all"));
    }
}
