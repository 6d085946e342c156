package dev.lrplan.catalog;

import static dev.lrplan.catalog.CatalogSession.boolOrNull;
import static dev.lrplan.catalog.CatalogSession.longOrNull;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A server's sequences: their parameters and owners inside the catalog's snapshot; their last
 * values after it, only those chosen, in batches of {@value #BATCH} per statement (reading a value
 * opens and locks the sequence, and a batch keeps the lock table from overflowing). A 9.6 server
 * keeps the parameters inside each sequence, so every one of its sequences is read there.
 */
final class SequenceReader {
    static final int BATCH = 2500;

    private final CatalogSession session;

    /** The sequences read in the snapshot, by name, for the value batches that follow it. */
    private final Map<QualifiedName, SequenceRow> rows = new HashMap<>();

    SequenceReader(CatalogSession session) {
        this.session = session;
    }

    /** The column that owns a sequence, where the tables already read know it. */
    interface Owners {
        /** The owning table and column, or null when they are not among the tables read. */
        Owner of(long tableOid, int attnum);
    }

    record Owner(QualifiedName table, String column) {}

    /** A column by its table's oid and its attnum, as pg_depend names an owner. */
    private record Column(long tableOid, int attnum) {}

    private record SequenceRow(
            long oid,
            QualifiedName name,
            String dataType,
            Long start,
            Long min,
            Long max,
            Long increment,
            Boolean cycle,
            Long ownerOid,
            int ownerAttnum) {}

    private record SequenceValues(
            Long lastValue, Long start, Long min, Long max, Long increment, Boolean cycle) {}

    /**
     * Inside the catalog's snapshot: every sequence with its parameters (placeholders on 9.6 until
     * the values fill them) and its owner, named from {@code known} or else by one query of its own
     * (a foreign table's column, say).
     */
    List<Sequence> read(Owners known) throws SQLException {
        List<SequenceRow> read =
                session.rows(
                        "sequences",
                        rs ->
                                new SequenceRow(
                                        rs.getLong("oid"),
                                        new QualifiedName(
                                                rs.getString("schema"), rs.getString("name")),
                                        rs.getString("data_type"),
                                        longOrNull(rs, "start"),
                                        longOrNull(rs, "min"),
                                        longOrNull(rs, "max"),
                                        longOrNull(rs, "increment"),
                                        boolOrNull(rs, "cycle"),
                                        longOrNull(rs, "owner_oid"),
                                        rs.getInt("owner_attnum")));
        Map<Column, Owner> others = otherOwners(read, known);
        List<Sequence> out = new ArrayList<>(read.size());
        for (SequenceRow s : read) {
            rows.put(s.name(), s);
            Owner owner = null;
            if (s.ownerOid() != null) {
                owner = known.of(s.ownerOid(), s.ownerAttnum());
                if (owner == null) {
                    owner = others.get(new Column(s.ownerOid(), s.ownerAttnum()));
                }
            }
            out.add(
                    new Sequence(
                            s.name(),
                            s.dataType(),
                            orZero(s.start()),
                            orZero(s.min()),
                            orZero(s.max()),
                            s.increment() == null ? 1 : s.increment(),
                            Boolean.TRUE.equals(s.cycle()),
                            null,
                            owner == null ? null : owner.table(),
                            owner == null ? null : owner.column()));
        }
        return out;
    }

    /**
     * The owners that are not among the tables read. One query, and none when every owner is a
     * table read.
     */
    private Map<Column, Owner> otherOwners(List<SequenceRow> read, Owners known)
            throws SQLException {
        List<Long> oids = new ArrayList<>();
        List<Integer> attnums = new ArrayList<>();
        for (SequenceRow s : read) {
            if (s.ownerOid() != null && known.of(s.ownerOid(), s.ownerAttnum()) == null) {
                oids.add(s.ownerOid());
                attnums.add(s.ownerAttnum());
            }
        }
        Map<Column, Owner> out = new HashMap<>();
        if (oids.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = session.prepare(session.query("sequence_owners"))) {
            ps.setArray(1, session.array("int8", oids.toArray()));
            ps.setArray(2, session.array("int4", attnums.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    session.keep("sequence_owners", rs, n);
                    out.put(
                            new Column(rs.getLong("owner_oid"), rs.getInt("owner_attnum")),
                            new Owner(
                                    new QualifiedName(
                                            rs.getString("owner_schema"),
                                            rs.getString("owner_table")),
                                    rs.getString("owner_column")));
                }
            }
        }
        return out;
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    /**
     * After the snapshot: {@code c} with the last values of the sequences {@code choice} picks
     * (every one on 9.6, whose parameters come with them).
     */
    Catalog withValues(Catalog c, Introspector.ValueChoice choice) throws SQLException {
        List<SequenceRow> read = c.sequences().stream().map(s -> rows.get(s.name())).toList();
        Predicate<QualifiedName> wanted =
                session.versionNum() < 100000 ? n -> true : choice.choose(c);
        Map<Long, SequenceValues> values =
                values(
                        read.stream()
                                .filter(r -> wanted.test(r.name()))
                                .map(SequenceRow::oid)
                                .toList());
        List<Sequence> out = new ArrayList<>();
        for (int i = 0; i < read.size(); i++) {
            SequenceRow s = read.get(i);
            Sequence was = c.sequences().get(i);
            SequenceValues v = values.get(s.oid());
            if (s.start() == null && v == null) {
                continue; // 9.6: a sequence the role may not read; its parameters are unknown
            }
            out.add(
                    new Sequence(
                            s.name(),
                            s.dataType(),
                            pick(s.start(), v == null ? null : v.start()),
                            pick(s.min(), v == null ? null : v.min()),
                            pick(s.max(), v == null ? null : v.max()),
                            pick(s.increment(), v == null ? null : v.increment()),
                            s.cycle() != null
                                    ? s.cycle()
                                    : Boolean.TRUE.equals(v == null ? null : v.cycle()),
                            v == null ? null : v.lastValue(),
                            was.ownedBy(),
                            was.ownedByColumn()));
        }
        return new Catalog(
                c.server(),
                c.schemas(),
                c.tables(),
                out,
                c.materializedViews(),
                c.extensions(),
                c.largeObjects(),
                c.publications(),
                c.subscriptions(),
                c.replicationSlots());
    }

    private static long pick(Long fromCatalog, Long fromSequence) {
        return fromCatalog != null ? fromCatalog : fromSequence;
    }

    private Map<Long, SequenceValues> values(List<Long> oids) throws SQLException {
        Map<Long, SequenceValues> out = new HashMap<>();
        String sql = session.query("sequence_values");
        for (int from = 0; from < oids.size(); from += BATCH) {
            List<Long> batch = oids.subList(from, Math.min(oids.size(), from + BATCH));
            try (PreparedStatement ps = session.prepare(sql)) {
                ps.setArray(1, session.array("int8", batch.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        session.keep("sequence_values", rs, n);
                        out.put(
                                rs.getLong("oid"),
                                new SequenceValues(
                                        longOrNull(rs, "last_value"),
                                        longOrNull(rs, "start"),
                                        longOrNull(rs, "min"),
                                        longOrNull(rs, "max"),
                                        longOrNull(rs, "increment"),
                                        boolOrNull(rs, "cycle")));
                    }
                }
            }
        }
        return out;
    }
}
