package dev.lrplan.compile.step;

/** The objects the steps create, for monitoring: status and apply's gates look them up by these names. */
public record Names(String publication, String subscription, String slot) {}
