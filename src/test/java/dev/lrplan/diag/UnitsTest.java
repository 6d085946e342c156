package dev.lrplan.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.testing.Cli;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Sizes and durations in PostgreSQL's units, read and shown the same way everywhere. */
class UnitsTest {
    @ParameterizedTest
    @CsvSource({
        "1048576, 1048576",
        "1MB, 1048576",
        "64kB, 65536",
        "2 GB, 2147483648",
        "1TB, 1099511627776",
        "512B, 512"
    })
    void sizes(String text, long bytes) {
        assertEquals(Optional.of(bytes), Units.parseBytes(text));
    }

    @ParameterizedTest
    @CsvSource({"3600, 3600", "30s, 30", "5min, 300", "1h, 3600", "2d, 172800"})
    void durations(String text, long seconds) {
        assertEquals(Optional.of(seconds), Units.parseSeconds(text));
    }

    @Test
    void whatIsNotAUnitIsRefused() {
        for (String bad : new String[] {"1mb", "1 XB", "-1", "1.5MB", "", "99999999999999MB"}) {
            assertEquals(Optional.empty(), Units.parseBytes(bad), bad);
        }
        assertEquals(Optional.empty(), Units.parseSeconds("1hour"));
        assertEquals("1.0 MB", Units.bytes(1048576));
        assertEquals("512 bytes", Units.bytes(512));
    }

    @Test
    void applyTakesUnitsAndRefusesWhatIsNotOne() {
        Cli bad = Cli.run("apply", "nowhere", "--max-lag", "1XB");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("'1XB' is not a size"), bad.err());
        Cli late = Cli.run("apply", "nowhere", "--gate-timeout", "soon");
        assertEquals(2, late.exit());
        assertTrue(late.err().contains("'soon' is not a duration"), late.err());
        Cli ok = Cli.run("apply", "nowhere", "--max-lag", "1MB", "--gate-timeout", "1h");
        assertTrue(
                ok.err().contains("nowhere"),
                "past the options, to the missing folder: " + ok.err());
    }
}
