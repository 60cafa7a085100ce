package dev.aigate.snapshot;

/**
 * A check run or commit status on the head SHA.
 *
 * @param name       the check run name, or the status context
 * @param kind       where it came from
 * @param status     for check runs: queued, in_progress or completed; for statuses: the state
 * @param conclusion for completed check runs: success, failure, neutral, ...; for statuses: the
 *                   state (success, failure, error, pending)
 * @param appSlug    the GitHub App that owns a check run (null for statuses)
 */
public record CheckResult(String name, Kind kind, String status, String conclusion, String appSlug) {

    public enum Kind { CHECK_RUN, STATUS }

    public boolean succeeded() {
        return "success".equalsIgnoreCase(conclusion);
    }

    public boolean finished() {
        return kind == Kind.STATUS ? !"pending".equalsIgnoreCase(status) : "completed".equalsIgnoreCase(status);
    }
}
