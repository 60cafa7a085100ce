package dev.aigate.store;

import java.time.Instant;

/**
 * An override granted through the check run's "Override" button. It applies to one head SHA only: a new push
 * needs a new override.
 *
 * @param repo      {@code owner/repo}
 * @param pr        pull request number
 * @param headSha   the head SHA it was granted for
 * @param actor     the login of who clicked (checked to hold admin or maintain permission before recording)
 * @param reason    why, as given
 * @param createdAt when
 */
public record OverrideRecord(String repo, int pr, String headSha, String actor, String reason, Instant createdAt) {
}
