package dev.lrplan.catalog.dump;

import java.util.List;

/** An index of a table in the dump that lrplan may drop before the copy and build after it. */
record SecondaryDraft(
        String name, boolean unique, boolean constraint, String method, List<String> columns) {}
