package dev.lrplan.compile.step;

/**
 * The objects the steps create, for monitoring: status and apply's gates look them up by these
 * names.
 *
 * @param stageIntervalSeconds with staged table addition, how long apply waits between stages once
 *     the previous stage is ready; else 0
 */
public record Names(
        String publication, String subscription, String slot, long stageIntervalSeconds) {}
