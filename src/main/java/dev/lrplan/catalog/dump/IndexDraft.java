package dev.lrplan.catalog.dump;

import java.util.List;

/** A unique index or key of a table in the dump; plain: on columns only, without predicate. */
record IndexDraft(String name, List<String> columns, boolean plain) {}
