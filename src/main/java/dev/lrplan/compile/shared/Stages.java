package dev.lrplan.compile.shared;

import dev.lrplan.diff.TableMove;
import dev.lrplan.plan.Replication;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Staged table addition: the tables cut into stages, smallest first unless the plan says otherwise;
 * each stage holds at most the plan's number of tables and bytes, and at least one table.
 * Insert-only tables all go in the first stage, with the publication that carries them.
 */
public final class Stages {
    private Stages() {}

    /** The stages in order; one stage of every table when the plan asks for none. */
    public static List<List<TableMove>> of(
            List<TableMove> tables, java.util.Optional<Replication.Stages> plan) {
        if (plan.isEmpty()) {
            return List.of(List.copyOf(tables));
        }
        Replication.Stages p = plan.get();
        List<TableMove> ordered =
                new ArrayList<>(
                        tables.stream().filter(t -> t.publish() == TableMove.Publish.ALL).toList());
        ordered.sort(
                p.smallestFirst()
                        ? Comparator.comparingLong((TableMove t) -> t.source().estimatedBytes())
                                .thenComparing(TableMove::name)
                        : Comparator.comparing(TableMove::name));
        List<List<TableMove>> out = new ArrayList<>();
        List<TableMove> current =
                new ArrayList<>(
                        tables.stream().filter(t -> t.publish() != TableMove.Publish.ALL).toList());
        long bytes = 0;
        for (TableMove t : ordered) {
            long size = t.source().estimatedBytes();
            boolean full = current.size() >= p.maxTables() || (bytes + size > p.maxBytes());
            if (!current.isEmpty()
                    && full
                    && current.stream().anyMatch(c -> c.publish() == TableMove.Publish.ALL)) {
                out.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(t);
            bytes += size;
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }
}
