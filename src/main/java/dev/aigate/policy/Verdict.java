package dev.aigate.policy;

/**
 * The overall outcome of an evaluation, and what a rule gives when it is not met. Ordered from mildest to
 * strictest. This is the one outcome model: {@code dev.aigate.checks.Conclusions} maps it to and from GitHub's
 * check-run conclusions, the strings the decision log, the dashboard and the metrics keep.
 */
public enum Verdict {
    NEUTRAL, SUCCESS, ACTION_REQUIRED, FAILURE;

    public Verdict strictest(Verdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** Whether this outcome stops the pull request from merging. */
    public boolean blocks() {
        return this == FAILURE || this == ACTION_REQUIRED;
    }
}
