package dev.lrplan.compile.step;

/**
 * The objects the steps create, for monitoring: status and apply's gates look them up by these
 * names.
 *
 * @param stageIntervalSeconds with staged table addition, how long apply waits between stages once
 *     the previous stage is ready; else 0
 * @param rollbackSubscription the old cluster's subscription to the new one; null without a
 *     rollback path
 * @param rollbackSlot its slot, on the new cluster; null without a rollback path
 */
public record Names(
        String publication,
        String subscription,
        String slot,
        long stageIntervalSeconds,
        String rollbackSubscription,
        String rollbackSlot) {}
