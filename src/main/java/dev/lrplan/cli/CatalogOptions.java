package dev.lrplan.cli;

import dev.lrplan.catalog.Catalog;
import dev.lrplan.catalog.Introspector;
import dev.lrplan.catalog.Snapshots;
import dev.lrplan.db.ConnInfo;
import dev.lrplan.db.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where a command reads a catalog from: a live server or a snapshot. */
final class CatalogOptions {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(
                names = "--url",
                paramLabel = "URL",
                description =
                        "Connection: postgresql://user@host:port/db, key=value pairs or a JDBC URL; "
                                + "PG* variables and ~/.pgpass fill in what it leaves out.")
        String url;

        @Option(
                names = "--snapshot",
                paramLabel = "FILE",
                description = "A catalog snapshot written by 'lrplan snapshot'.")
        Path snapshot;
    }

    Catalog load(Map<String, String> env) {
        if (source.snapshot != null) {
            return Snapshots.read(source.snapshot);
        }
        ConnInfo info;
        try {
            info = ConnInfo.parse(source.url, env);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        try (Connection c = Database.connect(info)) {
            return Introspector.introspect(c);
        } catch (SQLException e) {
            throw Database.failure("lost the connection to " + info.describe(), e);
        }
    }
}
