package dev.aigate.snapshot;

import java.time.Instant;

/**
 * A submitted pull request review.
 *
 * @param state    APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED or PENDING
 * @param commitId the head SHA the review was given on
 */
public record Review(long id, Actor reviewer, String state, String commitId, Instant submittedAt) {

    public boolean isApproval() {
        return "APPROVED".equalsIgnoreCase(state);
    }
}
