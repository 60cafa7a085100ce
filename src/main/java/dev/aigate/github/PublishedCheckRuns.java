package dev.aigate.github;

import dev.aigate.snapshot.PullRequestKey;

import java.util.Optional;

/**
 * Remembers the {@code ai-gate} check run published for each pull request head, so that a
 * re-evaluation updates that run instead of adding another, and writes nothing at all when its
 * output did not change.
 */
public interface PublishedCheckRuns {

    /** @param outputHash a digest of conclusion, title, summary and text; null while in progress */
    record Published(long checkRunId, String outputHash) {
    }

    Optional<Published> find(PullRequestKey key, String headSha);

    void save(PullRequestKey key, String headSha, Published published);
}
