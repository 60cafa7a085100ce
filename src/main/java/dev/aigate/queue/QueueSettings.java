package dev.aigate.queue;

import java.time.Duration;

/**
 * How the work queue behaves. Every field comes from an {@code AIGATE_QUEUE_*} variable (see docs/queue.md).
 *
 * @param concurrency     jobs this process runs at once
 * @param coalesceWindow  least time between the starts of two runs for one key: events inside it coalesce
 * @param lease           how long a claim is valid without a heartbeat; a crashed worker's job is free after it
 * @param maxAttempts     failed attempts (not rate-limit deferrals) before a job is parked
 * @param backoffBase     delay after the first failure; doubles with every further failure
 * @param backoffMax      longest delay between failures
 * @param maxDeferral     longest a rate limit may defer a job in one step (guards against a bogus reset time)
 * @param pollInterval    how often an idle worker looks for due work written by other replicas
 * @param shutdownGrace   how long shutdown waits for running jobs before releasing them
 */
public record QueueSettings(int concurrency, Duration coalesceWindow, Duration lease, int maxAttempts,
                            Duration backoffBase, Duration backoffMax, Duration maxDeferral,
                            Duration pollInterval, Duration shutdownGrace) {

    public QueueSettings {
        if (concurrency < 1) {
            throw new IllegalArgumentException("AIGATE_QUEUE_CONCURRENCY must be at least 1, was " + concurrency);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("AIGATE_QUEUE_MAX_ATTEMPTS must be at least 1, was " + maxAttempts);
        }
        if (lease.toMillis() < 1000) {
            throw new IllegalArgumentException("AIGATE_QUEUE_LEASE must be at least 1s, was " + lease);
        }
    }

    public static QueueSettings defaults() {
        return new QueueSettings(8, Duration.ofSeconds(2), Duration.ofSeconds(10), 10,
                Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofHours(1),
                Duration.ofMillis(500), Duration.ofSeconds(20));
    }

    public QueueSettings withConcurrency(int value) {
        return new QueueSettings(value, coalesceWindow, lease, maxAttempts, backoffBase, backoffMax, maxDeferral, pollInterval, shutdownGrace);
    }

    public QueueSettings withCoalesceWindow(Duration value) {
        return new QueueSettings(concurrency, value, lease, maxAttempts, backoffBase, backoffMax, maxDeferral, pollInterval, shutdownGrace);
    }

    public QueueSettings withLease(Duration value) {
        return new QueueSettings(concurrency, coalesceWindow, value, maxAttempts, backoffBase, backoffMax, maxDeferral, pollInterval, shutdownGrace);
    }

    public QueueSettings withRetries(int attempts, Duration base, Duration max) {
        return new QueueSettings(concurrency, coalesceWindow, lease, attempts, base, max, maxDeferral, pollInterval, shutdownGrace);
    }

    public QueueSettings withPollInterval(Duration value) {
        return new QueueSettings(concurrency, coalesceWindow, lease, maxAttempts, backoffBase, backoffMax, maxDeferral, value, shutdownGrace);
    }

    public QueueSettings withShutdownGrace(Duration value) {
        return new QueueSettings(concurrency, coalesceWindow, lease, maxAttempts, backoffBase, backoffMax, maxDeferral, pollInterval, value);
    }

    /** The delay after the given failed attempt (1-based): base * 2^(n-1), capped, with up to 25% jitter off. */
    public Duration backoff(int attempt, double random) {
        long base = Math.max(1, backoffBase.toMillis());
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        long delay = Math.min(backoffMax.toMillis(), base << shift);
        long jitter = (long) (delay * 0.25 * Math.max(0, Math.min(1, random)));
        return Duration.ofMillis(Math.max(1, delay - jitter));
    }
}
