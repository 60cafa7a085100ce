package dev.aigate.recovery;

import dev.aigate.queue.WorkTarget;

import java.io.IOException;
import java.util.List;

/**
 * Finds open pull requests whose {@code ai-gate} check is missing or older than their head: what a deliveries
 * sweep cannot see because GitHub never sent the event. Implemented by the GitHub integration.
 */
public interface OpenPullRequestScanner {

    /** Targets to re-evaluate, across the installations this scanner covers. */
    List<WorkTarget> stalePullRequests() throws IOException;
}
