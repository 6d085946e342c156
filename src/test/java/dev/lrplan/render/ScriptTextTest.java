package dev.lrplan.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * ScriptText tidies a script as a template writes it, in pieces. Generated texts (blanks, tabs,
 * carriage returns, other white space, empty lines, at either end) must come out exactly as the
 * whole-text rule below makes them, however the writes cut the text.
 */
class ScriptTextTest {
    /** The rule, on the whole text at once: what compile did before it tidied as it rendered. */
    private static String rule(String sql) {
        StringBuilder b = new StringBuilder();
        int blank = 0;
        for (String line : sql.split("\n", -1)) {
            String t = line.replaceAll("[ \t]+\\z", "");
            if (t.isEmpty()) {
                blank++;
            } else {
                if (b.length() > 0) {
                    b.append(blank > 0 ? "\n\n" : "\n");
                }
                b.append(t);
                blank = 0;
            }
        }
        return b.toString().strip() + "\n";
    }

    @Test
    void generatedTextsComeOutAsTheRuleSaysInAnyCutOfWrites() {
        char[] alphabet = {'a', 'b', ' ', ' ', '\t', '\n', '\n', '\n', '\r', '\u2003', 'é', '\''};
        Random random = new Random(20261127);
        for (int round = 0; round < 20_000; round++) {
            int length = random.nextInt(40);
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < length; i++) {
                s.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String text = s.toString();
            String expected = rule(text);
            assertEquals(expected, ScriptText.of(text), () -> "whole: " + escape(text));
            ScriptText pieces = new ScriptText(random.nextInt(4));
            int at = 0;
            while (at < text.length()) {
                int n = 1 + random.nextInt(Math.min(8, text.length() - at));
                switch (random.nextInt(3)) {
                    case 0 -> pieces.write(text, at, n);
                    case 1 -> pieces.write(text.substring(at, at + n).toCharArray(), 0, n);
                    default -> {
                        for (int i = 0; i < n; i++) {
                            pieces.write(text.charAt(at + i));
                        }
                    }
                }
                at += n;
            }
            assertEquals(expected, pieces.text(), () -> "in pieces: " + escape(text));
        }
    }

    @Test
    void aScriptKeepsItsIndentationButNotTheFirstLinesAndLosesTrailingBlanks() {
        assertEquals(
                "BEGIN;\n  SELECT 1;\n\nCOMMIT;\n",
                ScriptText.of("\n\n  BEGIN;   \n  SELECT 1;\t\n\n\n\nCOMMIT;\n\n"));
        assertEquals("\n", ScriptText.of(""));
        assertEquals("\n", ScriptText.of(" \n\t\n"));
    }

    private static String escape(String s) {
        return s.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
    }
}
