package dev.aigate.queue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;

/** Wires the durable queue from {@code aigate.queue.*} (the {@code AIGATE_QUEUE_*} variables). */
@Factory
public class QueueFactory {

    @Singleton
    QueueSettings queueSettings(@Value("${aigate.queue.concurrency:8}") int concurrency,
                                @Value("${aigate.queue.coalesce-window:2s}") Duration coalesceWindow,
                                @Value("${aigate.queue.lease:60s}") Duration lease,
                                @Value("${aigate.queue.max-attempts:10}") int maxAttempts,
                                @Value("${aigate.queue.backoff-base:2s}") Duration backoffBase,
                                @Value("${aigate.queue.backoff-max:10m}") Duration backoffMax,
                                @Value("${aigate.queue.max-deferral:1h}") Duration maxDeferral,
                                @Value("${aigate.queue.poll-interval:500ms}") Duration pollInterval,
                                @Value("${aigate.queue.shutdown-grace:20s}") Duration shutdownGrace) {
        return new QueueSettings(concurrency, coalesceWindow, lease, maxAttempts, backoffBase, backoffMax,
                maxDeferral, pollInterval, shutdownGrace);
    }

    @Singleton
    JdbcWorkQueue workQueue(DataSource dataSource, QueueSettings settings, Clock clock) {
        return new JdbcWorkQueue(dataSource, settings, clock);
    }

    @Singleton
    QueueMetrics queueMetrics(@Nullable MeterRegistry registry, JdbcWorkQueue queue) {
        return new QueueMetrics(registry, queue::stats);
    }
}
