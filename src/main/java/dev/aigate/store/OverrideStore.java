package dev.aigate.store;

import java.util.List;

/** Overrides with who and why, kept for the audit trail and consulted on every evaluation of that head. */
public interface OverrideStore {

    void record(OverrideRecord override);

    /** Overrides for exactly this head SHA, oldest first. */
    List<OverrideRecord> forHead(String repo, int pr, String headSha);

    /** Overrides for exactly this head SHA on any pull request of the repository, oldest first: one read for all. */
    List<OverrideRecord> forHead(String repo, String headSha);

    /** Every override ever granted on the pull request, oldest first. */
    List<OverrideRecord> forPullRequest(String repo, int pr);
}
