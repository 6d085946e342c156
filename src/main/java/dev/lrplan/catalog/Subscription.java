package dev.lrplan.catalog;

import java.util.List;
import java.util.Objects;

/** An existing subscription in the current database; its connection string is never read. */
public record Subscription(
        String name, boolean enabled, String slotName, List<String> publications) {
    public Subscription {
        Objects.requireNonNull(name, "name");
        publications = publications.stream().sorted().toList();
    }
}
