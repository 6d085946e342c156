package dev.lrplan.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.finding.Code;
import dev.lrplan.finding.Finding;
import dev.lrplan.finding.Severity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** REVIEW.md's findings at 10,000 columns: one row per code and change, every subject kept. */
class FindingRowsTest {
    @Test
    void repeatedFindingsAreOneRowWithEverySubjectBelow() {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String col = "public.t" + i + ".id";
            findings.add(
                    new Finding(
                            Code.LR104,
                            Severity.INFO,
                            col,
                            "column " + col + ": integer → bigint: integer widens to bigint"));
        }
        findings.add(
                new Finding(
                        Code.LR104,
                        Severity.INFO,
                        "public.x.<b>",
                        "column public.x.<b>: numeric(10,2) → numeric(12,2): wider"));
        StringBuilder b = new StringBuilder();
        FindingRows.append(b, findings);
        String text = b.toString();
        List<String> rows =
                text.lines()
                        .filter(l -> l.startsWith("| ") && !l.startsWith("| severity"))
                        .toList();
        assertEquals(2, rows.size(), text.substring(0, 2000));
        assertTrue(rows.get(0).contains("10000 subjects: public.t0.id"), rows.get(0));
        assertTrue(rows.get(0).contains("column …: integer → bigint"), rows.get(0));
        assertEquals(
                10_000,
                text.lines().filter(l -> l.matches("- public\\.t[0-9]+\\.id")).count(),
                "every subject is listed in the collapsed block");
        assertTrue(text.contains("<details><summary>LR104 column …: integer → bigint"), text);
        assertTrue(rows.get(1).contains("public.x.<b>"), "a single finding keeps its row");
    }
}
