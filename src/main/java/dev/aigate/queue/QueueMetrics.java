package dev.aigate.queue;

import dev.aigate.metrics.PeriodicReading;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Queue metrics served at {@code /prometheus}: {@code aigate_queue_depth}, {@code aigate_queue_parked},
 * {@code aigate_queue_oldest_seconds} (read from the store, at most every few seconds) and
 * {@code aigate_queue_jobs_total{outcome}} / {@code aigate_queue_job_seconds}, and ingress's group commits:
 * {@code aigate_queue_group_commit_seconds} (the transaction), {@code aigate_queue_group_gather_seconds} (how long
 * the batch's first delivery waited for the transaction to start) and {@code aigate_queue_group_commit_batch}
 * (deliveries a commit). At a steady rate, commit plus gather time over wall time is how busy the committer is.
 * On the embedded store under load, ingress appends to a journal ({@code aigate_queue_journal_append_seconds})
 * and a second thread moves it into the store in group commits of its own, counted with the others;
 * {@code aigate_queue_journal_backlog} is what it has still to move.
 */
public class QueueMetrics {

    private final MeterRegistry registry;
    private final Supplier<QueueStats> stats;

    public QueueMetrics(MeterRegistry registry, Supplier<QueueStats> source) {
        this.registry = registry;
        this.stats = new PeriodicReading<>(source, Duration.ofSeconds(5), QueueStats.EMPTY);
        if (registry != null) {
            Gauge.builder("aigate.queue.depth", this, m -> m.stats().depth())
                    .description("Keys pending or running").register(registry);
            Gauge.builder("aigate.queue.parked", this, m -> m.stats().parked())
                    .description("Keys parked after running out of attempts").register(registry);
            Gauge.builder("aigate.queue.oldest", this, m -> m.stats().oldestPending().toMillis() / 1000.0)
                    .baseUnit("seconds").description("Age of the oldest unfinished work").register(registry);
        }
    }

    /** Metrics that record nothing (tests, CLI). */
    public static QueueMetrics none() {
        return new QueueMetrics(null, () -> QueueStats.EMPTY);
    }

    private QueueStats stats() {
        return stats.get();
    }

    /**
     * The meters of ingress's group commits, for {@link JdbcWorkQueue#observeCommits}. Registered with the queue
     * itself rather than with this class's bean, which only the worker asks for: an ingest-only replica
     * ({@code AIGATE_QUEUE_WORKER_ENABLED=false}) commits too.
     */
    static GroupCommitter.CommitObserver groupCommits(MeterRegistry registry) {
        Timer commits = Timer.builder("aigate.queue.group.commit")
                .description("Ingress group commits: the transaction, to durable").register(registry);
        Timer gathers = Timer.builder("aigate.queue.group.gather")
                .description("Ingress group commits: the first delivery's wait for the transaction").register(registry);
        DistributionSummary batches = DistributionSummary.builder("aigate.queue.group.commit.batch")
                .description("Ingress group commits: deliveries a commit").register(registry);
        Timer appends = Timer.builder("aigate.queue.journal.append")
                .description("Ingress journal appends (embedded store, under load): lookups and write").register(registry);
        return new GroupCommitter.CommitObserver() {
            @Override
            public void committed(int entries, long gatherNanos, long commitNanos) {
                commits.record(commitNanos, TimeUnit.NANOSECONDS);
                gathers.record(gatherNanos, TimeUnit.NANOSECONDS);
                batches.record(entries);
            }

            @Override
            public void journaled(int entries, long nanos) {
                appends.record(nanos, TimeUnit.NANOSECONDS);
            }
        };
    }

    /** {@code aigate_queue_journal_backlog}: deliveries journaled and not yet in the store. */
    static void journalBacklog(MeterRegistry registry, JdbcWorkQueue queue) {
        Gauge.builder("aigate.queue.journal.backlog", queue, JdbcWorkQueue::journalBacklog)
                .description("Deliveries in the ingress journal not yet moved into the store").register(registry);
    }

    /** One run's end: completed, retried, deferred, parked or lease_lost. */
    public void outcome(String outcome, Duration took) {
        if (registry == null) {
            return;
        }
        Counter.builder("aigate.queue.jobs").description("Job runs by outcome").tag("outcome", outcome)
                .register(registry).increment();
        Timer.builder("aigate.queue.job").description("Job run time").tag("outcome", outcome)
                .register(registry).record(took);
    }
}
