package dev.lrplan.contract;

import java.util.Locale;

/** The manifest's spelling of an enum constant: {@code FINAL_LSN} is {@code final-lsn}. */
final class Wire {
    private Wire() {}

    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant whose wire name is {@code text}, or null when none is. */
    static <E extends Enum<E>> E parse(Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (name(e).equals(text)) {
                return e;
            }
        }
        return null;
    }
}
