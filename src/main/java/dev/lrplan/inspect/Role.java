package dev.lrplan.inspect;

/** The part a cluster plays in the upgrade: the old cluster publishes, the new one subscribes. */
public enum Role {
    SOURCE,
    TARGET
}
