-- What real application schemas use, valid on PostgreSQL 9.6 and later: the dump corpus's base.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE DOMAIN public.positive_int AS integer CHECK (VALUE > 0);
CREATE TYPE public.status AS ENUM ('new', 'done');
CREATE TABLE public.room (
    id integer PRIMARY KEY,
    name text NOT NULL,
    capacity public.positive_int,
    state public.status DEFAULT 'new',
    CONSTRAINT room_name_not_blank CHECK (name <> '')
);
CREATE TABLE public.booking (
    id integer PRIMARY KEY,
    room_id integer NOT NULL,
    during tsrange,
    note text,
    CONSTRAINT booking_note_len CHECK (char_length(note) < 200)
);
ALTER TABLE public.booking ADD CONSTRAINT booking_room FOREIGN KEY (room_id) REFERENCES public.room (id)
    DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE public.booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&);
CREATE TABLE public.vehicle (id integer PRIMARY KEY, wheels integer);
CREATE TABLE public.car (doors integer) INHERITS (public.vehicle);
COMMENT ON TABLE public.room IS 'rooms; with a quote '' and a semicolon;';
COMMENT ON COLUMN public.room.name IS 'the name';
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  NEW.note := coalesce(NEW.note, 'x;y');  -- a semicolon inside dollar quotes
  RETURN NEW;
END
$fn$;
CREATE TRIGGER booking_touch BEFORE INSERT ON public.booking FOR EACH ROW EXECUTE PROCEDURE public.touch();
CREATE VIEW public.free_rooms AS SELECT id, name FROM public.room WHERE id NOT IN (SELECT room_id FROM public.booking);
ALTER TABLE public.room ENABLE ROW LEVEL SECURITY;
CREATE POLICY room_read ON public.room FOR SELECT USING (true);
CREATE TABLE public.label (id integer PRIMARY KEY, tags character varying(20)[], code character(3) COLLATE "C",
    price numeric(8,3), at timestamp(3) without time zone, span interval, raw bytea, doc json);
CREATE INDEX room_name_lower ON public.room (lower(name));
CREATE UNIQUE INDEX label_code ON public.label (code) WHERE code IS NOT NULL;
CREATE SEQUENCE public.ticket_no START WITH 100 INCREMENT BY 10;
CREATE TABLE public.ticket (no bigint PRIMARY KEY DEFAULT nextval('public.ticket_no'), subject varchar(80));
ALTER SEQUENCE public.ticket_no OWNED BY public.ticket.no;
CREATE MATERIALIZED VIEW public.room_counts AS SELECT room_id, count(*) AS n FROM public.booking GROUP BY room_id;
CREATE UNIQUE INDEX room_counts_room ON public.room_counts (room_id);
