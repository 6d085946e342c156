package dev.lrplan.cli;

import dev.lrplan.diag.Units;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Options in PostgreSQL's units, as a DBA writes them in postgresql.conf: {@code --max-lag 1MB},
 * {@code --gate-timeout 1h}. A bare number keeps its old meaning (bytes, seconds).
 */
final class UnitConverters {
    private UnitConverters() {}

    /** Bytes: 1048576, 64kB, 1MB, 2GB, 1TB (powers of 1024). */
    static final class Size implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return Units.parseBytes(value)
                    .orElseThrow(
                            () ->
                                    new TypeConversionException(
                                            "'"
                                                    + value
                                                    + "' is not a size: a number of bytes, or with kB, MB, GB or"
                                                    + " TB (e.g. 1MB)"));
        }
    }

    /** Seconds: 3600, 30s, 5min, 1h, 2d. */
    static final class Duration implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return Units.parseSeconds(value)
                    .orElseThrow(
                            () ->
                                    new TypeConversionException(
                                            "'"
                                                    + value
                                                    + "' is not a duration: a number of seconds, or with s, min, h"
                                                    + " or d (e.g. 1h)"));
        }
    }
}
