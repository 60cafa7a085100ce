package dev.aigate.store;

import java.util.Optional;

/**
 * Remembers the {@code ai-gate} check run published on each head commit (one per commit, however
 * many open pull requests share it), so that a re-evaluation updates that run instead of adding
 * another, and writes nothing at all when its output did not change.
 */
public interface PublishedCheckRuns {

    /** @param outputHash a digest of conclusion, title, summary and text; null while in progress */
    record Published(long checkRunId, String outputHash) {
    }

    /** @param repo {@code owner/repo} */
    Optional<Published> find(String repo, String headSha);

    void save(String repo, String headSha, Published published);
}
