package dev.lrplan.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The entry point of the process {@code lrplan apply} starts to hold a slot's exported snapshot
 * during the copy (see {@code apply.SnapshotHolder}); not a command for people.
 */
public final class SnapshotHolderMain {
    private SnapshotHolderMain() {}

    public static void main(String[] args) {
        System.exit(
                dev.lrplan.apply.SnapshotHolder.hold(
                        System.in, new PrintStream(System.out, true, StandardCharsets.UTF_8)));
    }
}
