package dev.lrplan.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The progress line never wraps: in a 60-column pane it is one line, redrawn in place. */
class ProgressLineTest {
    @Test
    void inASixtyColumnTerminalEachRedrawFitsOneLine() {
        StringWriter buffer = new StringWriter();
        ProgressLine p = new ProgressLine(new PrintWriter(buffer), true, () -> 60);
        for (int i = 0; i <= 10; i++) {
            p.show(
                    "initial sync",
                    i / 10.0,
                    i
                            + " of 10 tables ready (public.a_rather_long_table_name_for_a_narrow_pane"
                            + " copying 1.2 GB of 3.4 GB), 12 s");
        }
        String out = buffer.toString();
        assertFalse(out.contains("\n"), "redrawn in place, never a new line");
        String[] draws = out.split("\r\033\\[2K", -1);
        assertEquals(12, draws.length, out);
        for (int i = 1; i < draws.length; i++) {
            assertTrue(draws[i].codePointCount(0, draws[i].length()) <= 59, draws[i]);
            assertTrue(draws[i].startsWith("  initial sync ["), draws[i]);
        }
        assertTrue(draws[draws.length - 1].contains("##########"), "the bar fills");
        p.done("initial sync", "10 tables ready");
        assertTrue(buffer.toString().endsWith("\r\033[2K  initial sync: 10 tables ready\n"));
    }

    @Test
    void aWideTerminalShowsTheWholeLineWithTheFullBar() {
        String line = ProgressLine.fit("final LSN", 0.5, "1.2 MB to confirm, 3 s", 200);
        assertEquals("  final LSN [############............] 1.2 MB to confirm, 3 s", line);
    }
}
