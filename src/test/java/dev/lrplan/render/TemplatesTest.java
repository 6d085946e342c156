package dev.lrplan.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.sql.CommentText;
import dev.lrplan.sql.Ident;
import dev.lrplan.sql.Literal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Templates print typed SQL text only: a plain string, a number or any other value fails the
 * render.
 */
class TemplatesTest {
    @TempDir Path dir;

    @Test
    void aTemplateThatPrintsAnUntypedValueFails() throws Exception {
        Files.writeString(
                dir.resolve("t.mustache"), "-- {{note}}\nSELECT {{value}} FROM {{table}};\n");
        Templates t = Templates.withOverrides(dir);
        assertEquals(
                "-- a\\nb\nSELECT E'x\\x0A' FROM U&\"t\\000A\";\n",
                t.render(
                        "t",
                        Map.of(
                                "note",
                                CommentText.of("a\nb"),
                                "value",
                                Literal.of("x\n"),
                                "table",
                                Ident.of("t\n"))));
        for (Object untyped : new Object[] {"raw text", 42, new StringBuilder("x")}) {
            Templates.TemplateException e =
                    assertThrows(
                            Templates.TemplateException.class,
                            () ->
                                    t.render(
                                            "t",
                                            Map.of(
                                                    "note",
                                                    CommentText.of("n"),
                                                    "value",
                                                    untyped,
                                                    "table",
                                                    Ident.of("t"))));
            assertTrue(e.getMessage().contains("untyped value"), e.getMessage());
        }
    }
}
