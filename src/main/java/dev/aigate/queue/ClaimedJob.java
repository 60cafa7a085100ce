package dev.aigate.queue;

/**
 * A job this process holds a lease on.
 *
 * @param target     what to evaluate
 * @param token      the lease token, one per claim (the jobs claimed together share it); every later update of
 *                   the job is conditional on its key and this token
 * @param attempt    1 for the first try, counting failures and crashes (not rate-limit deferrals)
 * @param generation the enqueue count this run covers
 */
public record ClaimedJob(WorkTarget target, String token, int attempt, long generation) {

    public String key() {
        return target.key();
    }
}
