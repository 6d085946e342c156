package dev.lrplan.finding;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/findings.md documents every code, with the remedy the tool prints. */
class FindingsDocTest {
    @Test
    void everyCodeIsDocumentedOnceWithItsRemedy() throws Exception {
        String doc = Files.readString(Path.of("docs/findings.md"));
        for (Code c : Code.values()) {
            String row = "| " + c.name() + " | " + c.slug() + " |";
            assertTrue(doc.contains(row), "docs/findings.md lacks " + row);
            assertTrue(doc.indexOf(row) == doc.lastIndexOf(row), c + " documented twice");
            assertTrue(doc.contains(c.remedy()), "docs/findings.md lacks the remedy of " + c);
        }
    }
}
