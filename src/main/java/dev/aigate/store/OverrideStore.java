package dev.aigate.store;

import java.util.List;

/** Overrides with who and why, kept for the audit trail and consulted on every evaluation of that head. */
public interface OverrideStore {

    void record(OverrideRecord override);

    /** Overrides for exactly this head SHA, oldest first. */
    List<OverrideRecord> forHead(String repo, int pr, String headSha);

    /** Every override ever granted on the pull request, oldest first. */
    List<OverrideRecord> forPullRequest(String repo, int pr);
}
