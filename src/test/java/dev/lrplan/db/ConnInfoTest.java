package dev.lrplan.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnInfoTest {
    @Test
    void readsLibpqUris() {
        ConnInfo c =
                ConnInfo.parse(
                        "postgresql://app:p%40ss@db.example:6543/shop?sslmode=require", Map.of());
        assertEquals("db.example", c.host());
        assertEquals(6543, c.port());
        assertEquals("shop", c.database());
        assertEquals("app", c.user());
        assertEquals("p@ss", c.keywords().get("password"));
        assertEquals("require", c.jdbcProperties().getProperty("sslmode"));
        assertEquals("jdbc:postgresql://db.example:6543/shop", c.jdbcUrl());
        assertFalse(c.describe().contains("p@ss"));
    }

    @Test
    void readsKeyValueStringsWithQuotes() {
        ConnInfo c =
                ConnInfo.parse(
                        "host=h port=5433 dbname='my db' user=u password='a b\\'c'", Map.of());
        assertEquals("my db", c.database());
        assertEquals("a b'c", c.keywords().get("password"));
        assertEquals("jdbc:postgresql://h:5433/my%20db", c.jdbcUrl());
    }

    @Test
    void fillsGapsFromPgEnvironmentVariables() {
        ConnInfo c =
                ConnInfo.parse(
                        "dbname=shop",
                        Map.of(
                                "PGHOST",
                                "envhost",
                                "PGPORT",
                                "7777",
                                "PGUSER",
                                "envuser",
                                "PGPASSWORD",
                                "envpw"));
        assertEquals("envhost", c.host());
        assertEquals(7777, c.port());
        assertEquals("envuser", c.user());
        assertEquals("envpw", c.keywords().get("password"));
        assertEquals("shop", c.database());
    }
}
