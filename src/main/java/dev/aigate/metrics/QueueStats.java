package dev.aigate.metrics;

import java.time.Duration;

/**
 * What the work queue tells the metrics about its backlog. The queue implements this; the gauges
 * {@code aigate.queue.depth} and {@code aigate.queue.oldest.age} exist only when a bean of this type does.
 * Called at every scrape, so keep it cheap (one indexed query at most).
 */
public interface QueueStats {

    /** Jobs waiting to run, after coalescing (one per pull request). */
    long depth();

    /** How long the oldest waiting job has waited; {@link Duration#ZERO} when nothing waits. */
    Duration oldestJobAge();
}
