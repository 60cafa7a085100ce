package dev.aigate.policy;

import java.util.Locale;

/** The overall outcome, as a check-run conclusion. Ordered from mildest to strictest. */
public enum Verdict {
    NEUTRAL, SUCCESS, ACTION_REQUIRED, FAILURE;

    /** The GitHub check-run conclusion string. */
    public String conclusion() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Verdict strictest(Verdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
