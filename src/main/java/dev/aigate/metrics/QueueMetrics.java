package dev.aigate.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * Queue depth and oldest-job age, read from {@link QueueStats} at each scrape. The stats bean is looked up
 * lazily, so a queue that itself records metrics does not make a cycle.
 */
@Singleton
@Requires(beans = QueueStats.class)
public class QueueMetrics implements MeterBinder {

    public static final String DEPTH = "aigate.queue.depth";
    public static final String OLDEST_AGE = "aigate.queue.oldest.age";

    private final BeanProvider<QueueStats> stats;

    public QueueMetrics(BeanProvider<QueueStats> stats) {
        this.stats = stats;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(DEPTH, stats, s -> s.get().depth())
                .description("Jobs waiting to run (one per pull request after coalescing)")
                .register(registry);
        Gauge.builder(OLDEST_AGE, stats, s -> s.get().oldestJobAge().toMillis() / 1000.0)
                .description("How long the oldest waiting job has waited")
                .baseUnit("seconds")
                .register(registry);
    }
}
