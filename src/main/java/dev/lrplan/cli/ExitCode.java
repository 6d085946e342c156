package dev.lrplan.cli;

/** lrplan's exit codes; scripts and CI depend on them, so they never change meaning. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int INTERNAL = 1;
    public static final int USAGE = 2;
    public static final int DATABASE = 3;
    public static final int BLOCKING_FINDINGS = 4;

    /** {@code rehearse}: the rehearsal ran and a phase failed. */
    public static final int REHEARSAL_FAILED = 5;

    private ExitCode() {}
}
