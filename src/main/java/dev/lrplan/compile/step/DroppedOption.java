package dev.lrplan.compile.step;

/** A subscription option the plan asked for that one end cannot take, and why. */
public record DroppedOption(String subscription, String option, String value, String reason) {}
