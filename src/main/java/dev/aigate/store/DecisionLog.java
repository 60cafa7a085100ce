package dev.aigate.store;

import java.util.List;
import java.util.Optional;

/** The audit trail of evaluations. The pipeline records one entry after publishing each check run. */
public interface DecisionLog {

    /** Stores the record and returns it with its id. */
    DecisionRecord record(DecisionRecord decision);

    /** The newest records for a pull request, newest first. */
    List<DecisionRecord> forPullRequest(String repo, int pr, int limit);

    /** The newest record for a pull request. */
    default Optional<DecisionRecord> latest(String repo, int pr) {
        return forPullRequest(repo, pr, 1).stream().findFirst();
    }

    /** One record by id. */
    Optional<DecisionRecord> byId(long id);

    /**
     * How many distinct pull requests an observed policy would have stopped: those with a decision since
     * {@code since} whose conclusion did not block but whose would-be conclusion did (failure or action_required).
     */
    int wouldHaveBlocked(java.time.Instant since);
}
