package dev.aigate.patterns;

/**
 * Where a matcher reports the work it did, so that an evaluation can be given a budget: a glob
 * spends one step per cell of its path table and per character it compares, a guarded text one
 * per character a regular expression reads. A budget that runs out throws from {@link #spend}.
 */
@FunctionalInterface
public interface Steps {

    /** Counts nothing. */
    Steps NONE = n -> { };

    void spend(long steps);
}
