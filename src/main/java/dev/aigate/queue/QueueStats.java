package dev.aigate.queue;

import java.time.Duration;

/**
 * What the queue holds right now.
 *
 * @param pending      keys waiting to run (including those waiting out a backoff or rate limit)
 * @param running      keys leased by a worker
 * @param parked       keys that ran out of attempts
 * @param oldestPending age of the oldest unfinished work, zero when there is none
 */
public record QueueStats(long pending, long running, long parked, Duration oldestPending) {

    public static final QueueStats EMPTY = new QueueStats(0, 0, 0, Duration.ZERO);

    /** Work not yet done: pending plus running. */
    public long depth() {
        return pending + running;
    }
}
