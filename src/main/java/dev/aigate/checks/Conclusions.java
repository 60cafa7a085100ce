package dev.aigate.checks;

import dev.aigate.policy.Verdict;

import java.util.Locale;

/**
 * The one mapping between the policy's {@link Verdict} and GitHub's check-run conclusions ({@code success},
 * {@code failure}, {@code action_required}, {@code neutral}). The strings are stored values: the decision log,
 * the dashboard's queries and the metrics' labels keep them, so they never change.
 */
public final class Conclusions {

    private Conclusions() {
    }

    /** The GitHub check-run conclusion for a verdict. */
    public static String of(Verdict v) {
        return v.name().toLowerCase(Locale.ROOT);
    }

    /** The verdict a stored or reported conclusion stands for, or null when it is none of the four. */
    public static Verdict parse(String conclusion) {
        if (conclusion == null) {
            return null;
        }
        for (Verdict v : Verdict.values()) {
            if (of(v).equals(conclusion)) {
                return v;
            }
        }
        return null;
    }

    /** Whether a stored or reported conclusion blocks merging. */
    public static boolean blocks(String conclusion) {
        Verdict v = parse(conclusion);
        return v != null && v.blocks();
    }
}
