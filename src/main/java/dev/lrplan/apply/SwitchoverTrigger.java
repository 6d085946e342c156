package dev.lrplan.apply;

/** What ends apply's wait at the write pause: SIGUSR1, and/or a file appearing (null: none). */
public record SwitchoverTrigger(boolean signal, java.nio.file.Path file) {}
