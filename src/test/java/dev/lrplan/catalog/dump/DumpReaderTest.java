package dev.lrplan.catalog.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lrplan.catalog.Column;
import dev.lrplan.catalog.QualifiedName;
import dev.lrplan.catalog.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

class DumpReaderTest {

    @Test
    void skipsWhatItHasNoUseForAndCountsIt() {
        SchemaFile f =
                DumpReader.read(
                        """
                \\restrict abc123
                SET statement_timeout = 0;
                SELECT pg_catalog.set_config('search_path', '', false);
                CREATE FUNCTION public.f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END; $$;
                COMMENT ON TABLE public.t IS 'a; b';
                GRANT SELECT ON public.t TO app;
                CREATE TABLE public.t (id integer NOT NULL);
                \\unrestrict abc123
                """,
                        "s.sql");
        assertEquals(1, f.catalog().tables().size());
        assertEquals(2, f.skipped().get("psql meta-command"));
        assertEquals(1, f.skipped().get("CREATE FUNCTION"));
        assertEquals(1, f.skipped().get("COMMENT"));
        assertEquals(1, f.skipped().get("GRANT"));
        assertEquals(List.of(), f.unread());
    }

    @Test
    void reportsATableItCannotReadByNameAndLine() {
        SchemaFile f =
                DumpReader.read(
                        """
                CREATE TABLE public.parent (id int NOT NULL, region text NOT NULL) PARTITION BY LIST (region);
                CREATE TABLE public.child PARTITION OF public.parent FOR VALUES IN ('eu');
                CREATE TABLE public.odd (id int) WITH SOMETHING JSQLPARSER CANNOT READ ((;
                """,
                        "s.sql");
        assertEquals(
                List.of(new QualifiedName("public", "parent")),
                f.catalog().tables().stream().map(Table::name).toList());
        assertEquals(Table.Kind.PARTITIONED, f.catalog().tables().get(0).kind());
        assertEquals(2, f.unread().size());
        assertEquals(
                "s.sql:2:1: error: CREATE TABLE public.child PARTITION OF … is not read (pg_dump writes partitions"
                        + " as CREATE TABLE plus ATTACH PARTITION); the catalog lacks this table",
                f.unread().get(0).render());
        assertTrue(
                f.unread()
                        .get(1)
                        .render()
                        .startsWith(
                                "s.sql:3:1: error: CREATE TABLE public.odd could not be parsed"));
    }

    @Test
    void handWrittenSchemaWithAliasesAndSerials() {
        SchemaFile f =
                DumpReader.read(
                        """
                CREATE TABLE Orders (
                  id bigserial PRIMARY KEY,
                  code varchar(12) UNIQUE NOT NULL,
                  at timestamptz DEFAULT now(),
                  n int4,
                  flag bool NOT NULL DEFAULT false
                );
                """,
                        "s.sql");
        Table t = f.catalog().tables().get(0);
        assertEquals(new QualifiedName("public", "orders"), t.name());
        assertEquals(
                List.of(
                        "bigint",
                        "character varying(12)",
                        "timestamp with time zone",
                        "integer",
                        "boolean"),
                t.columns().stream().map(Column::type).toList());
        assertEquals(
                "nextval('public.orders_id_seq'::regclass)",
                t.column("id").orElseThrow().defaultExpr());
        assertEquals("now()", t.column("at").orElseThrow().defaultExpr());
        assertEquals("false", t.column("flag").orElseThrow().defaultExpr());
        assertEquals(List.of("id"), t.primaryKey().columns());
        assertEquals(1, t.uniqueIndexes().size());
        assertEquals(
                new QualifiedName("public", "orders"), f.catalog().sequences().get(0).ownedBy());
    }

    /**
     * Table constraints as pg_dump writes them, CHECK inline and the rest as ALTER TABLE, are read
     * or read past, never crashed on: an inline CONSTRAINT … CHECK crashed the reader with a
     * NullPointerException.
     */
    @Test
    void inlineCheckExcludeAndForeignKeyConstraintsAreReadPast() {
        SchemaFile f =
                DumpReader.read(
                        """
                CREATE TABLE public.parent (id int PRIMARY KEY);
                CREATE TABLE public.booking (
                    id integer NOT NULL,
                    room integer,
                    during tstzrange,
                    qty integer,
                    parent_id integer,
                    CONSTRAINT qty_positive CHECK ((qty > 0)),
                    CONSTRAINT room_or_no_qty CHECK (((room IS NOT NULL) OR (qty IS NULL)))
                );
                ALTER TABLE ONLY public.booking
                    ADD CONSTRAINT booking_pkey PRIMARY KEY (id);
                ALTER TABLE ONLY public.booking
                    ADD CONSTRAINT room_unique UNIQUE (room, qty);
                ALTER TABLE ONLY public.booking
                    ADD CONSTRAINT booking_parent FOREIGN KEY (parent_id) REFERENCES public.parent(id) DEFERRABLE INITIALLY DEFERRED;
                ALTER TABLE ONLY public.booking
                    ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);
                """,
                        "s.sql");
        assertEquals(List.of(), f.unread(), "nothing unread");
        Table t = f.catalog().table(new QualifiedName("public", "booking")).orElseThrow();
        assertEquals(List.of("id"), t.primaryKey().columns());
        // room_unique is over nullable columns: not a replica identity candidate, as live.
        assertEquals(List.of(), t.uniqueIndexes());
        assertEquals(5, t.columns().size());
    }
}
