package dev.aigate.snapshot;

import java.util.Locale;

/**
 * A list that GitHub serves in pages, and that GitHub (or the loader's bound) can cut short:
 * the pull request's changed files (at most 3,000), its commits (at most 250), its reviews, and
 * the check runs and commit statuses on the head commit.
 */
public enum Listing {
    FILES, COMMITS, REVIEWS, CHECKS;

    /** The name used in results and logs: lower case. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
