package dev.lrplan.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SqlTest {
    @Test
    void quotesIdentifiersExactlyWhenPostgresWould() {
        assertEquals("orders", Sql.ident("orders"));
        assertEquals("_x1", Sql.ident("_x1"));
        assertEquals("\"Orders\"", Sql.ident("Orders"));
        assertEquals("\"select\"", Sql.ident("select"));
        assertEquals("\"user\"", Sql.ident("user"));
        assertEquals("name", Sql.ident("name"), "unreserved keywords stay bare");
        assertEquals("\"with space\"", Sql.ident("with space"));
        assertEquals("\"x\"\"; DROP TABLE y; --\"", Sql.ident("x\"; DROP TABLE y; --"));
        assertEquals("\"ünï\"", Sql.ident("ünï"));
        assertEquals("\"1abc\"", Sql.ident("1abc"));
        assertEquals("\"a$b\"", Sql.ident("a$b"));
        assertEquals("\"Weird Schema\".\"T\"", Sql.qualified("Weird Schema", "T"));
        assertThrows(IllegalArgumentException.class, () -> Sql.ident(""));
    }

    @Test
    void quotesLiterals() {
        assertEquals("'it''s'", Sql.literal("it's"));
        assertEquals("'back\\slash'", Sql.literal("back\\slash"));
        assertThrows(IllegalArgumentException.class, () -> Sql.literal("a\0b"));
    }
}
