-- Names chosen to break anything that builds SQL by joining strings.
CREATE SCHEMA "Weird Schema";
CREATE SCHEMA "select";
CREATE TABLE "Weird Schema"."x""; DROP TABLE y; --" (
    "select" integer PRIMARY KEY,
    "Ünïcode cöl ✓" text,
    "MixedCase" text,
    "with space" text,
    "quote""inside" text,
    "back\slash" text,
    "$1" text,
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" text,
    "ééééééééééééééééééééééééééééééé" text
);
CREATE TABLE "select"."table" ("from" integer PRIMARY KEY, "order" text NOT NULL DEFAULT 'it''s; -- not a comment');
CREATE TABLE "select"."ЗАКАЗЫ" ("ИД" bigserial PRIMARY KEY);
CREATE TABLE public."UPPER" ("ID" integer PRIMARY KEY);
CREATE TABLE public."🐘" ("🐘" integer PRIMARY KEY);
