package dev.lrplan.catalog.dump;

import dev.lrplan.catalog.Column;

/** A column of a CREATE TABLE, filled in as the dump's later statements add to it. */
final class ColumnDraft {
    final String name;
    final int position;
    final String type;
    boolean notNull;
    String defaultExpr;
    Column.Identity identity = Column.Identity.NONE;
    String generated;
    String collation;

    ColumnDraft(String name, int position, String type) {
        this.name = name;
        this.position = position;
        this.type = type;
    }
}
