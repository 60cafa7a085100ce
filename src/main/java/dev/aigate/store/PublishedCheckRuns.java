package dev.aigate.store;

import java.util.Optional;

/**
 * Remembers the {@code ai-gate} check run published on each head commit (one per commit, however
 * many open pull requests share it), so that a re-evaluation updates that run instead of adding
 * another, and writes nothing at all when its output did not change.
 */
public interface PublishedCheckRuns {

    /**
     * @param outputHash a digest of conclusion, title, summary and text; null while in progress
     * @param conclusion the conclusion the run shows (lower case); null while in progress or when not recorded
     */
    record Published(long checkRunId, String outputHash, String conclusion) {

        public Published(long checkRunId, String outputHash) {
            this(checkRunId, outputHash, null);
        }
    }

    /** @param repo {@code owner/repo} */
    Optional<Published> find(String repo, String headSha);

    void save(String repo, String headSha, Published published);
}
