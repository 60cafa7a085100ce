package dev.aigate.queue;

/**
 * A job this process holds a lease on.
 *
 * @param target     what to evaluate
 * @param key        the job's row ({@code job_key}) as stored: {@link WorkTarget#key()} for rows this release
 *                   wrote, and whatever an earlier release wrote for its own rows (every lease, completion and
 *                   retry goes by the stored key, so an old row is finished, never left behind)
 * @param token      the lease token, one per claim (the jobs claimed together share it); every later update of
 *                   the job is conditional on its key and this token
 * @param attempt    1 for the first try, counting failures and crashes (not rate-limit deferrals)
 * @param generation the enqueue count this run covers
 */
public record ClaimedJob(WorkTarget target, String key, String token, int attempt, long generation) {

    /** A job whose row has the key this release gives its target. */
    public ClaimedJob(WorkTarget target, String token, int attempt, long generation) {
        this(target, target.key(), token, attempt, generation);
    }
}
