package dev.aigate.queue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Wires the durable queue from {@code aigate.queue.*} (the {@code AIGATE_QUEUE_*} variables). */
@Factory
public class QueueFactory {

    private static final Logger LOG = LoggerFactory.getLogger(QueueFactory.class);
    /** The embedded store's ingress journal, under the data directory ({@link IngressJournal}). */
    static final String JOURNAL_DIRECTORY = "journal";

    @Singleton
    QueueSettings queueSettings(@Value("${aigate.queue.concurrency:8}") int concurrency,
                                @Value("${aigate.queue.coalesce-window:2s}") Duration coalesceWindow,
                                @Value("${aigate.queue.lease:10s}") Duration lease,
                                @Value("${aigate.queue.max-attempts:10}") int maxAttempts,
                                @Value("${aigate.queue.backoff-base:2s}") Duration backoffBase,
                                @Value("${aigate.queue.backoff-max:10m}") Duration backoffMax,
                                @Value("${aigate.queue.max-deferral:1h}") Duration maxDeferral,
                                @Value("${aigate.queue.poll-interval:500ms}") Duration pollInterval,
                                @Value("${aigate.queue.shutdown-grace:20s}") Duration shutdownGrace) {
        return new QueueSettings(concurrency, coalesceWindow, lease, maxAttempts, backoffBase, backoffMax,
                maxDeferral, pollInterval, shutdownGrace);
    }

    /**
     * The queue. On the embedded store (no {@code AIGATE_DATABASE_URL}) this process is the only one that can have
     * the file open, so every job the store shows as running belongs to a previous process that died: those are
     * freed at once rather than after their lease ({@link JdbcWorkQueue#reclaimOrphans}). On PostgreSQL other
     * replicas may be running them, and only the lease tells.
     */
    @Singleton
    @Bean(preDestroy = "close")
    JdbcWorkQueue workQueue(DataSource dataSource, QueueSettings settings, Clock clock,
                            @Value("${aigate.database.url:}") String databaseUrl,
                            @Value("${aigate.data-dir:./data}") String dataDir, @Nullable MeterRegistry registry) {
        boolean embedded = databaseUrl == null || databaseUrl.isBlank();
        JdbcWorkQueue queue = new JdbcWorkQueue(dataSource, settings, clock,
                embedded ? Path.of(dataDir).toAbsolutePath().normalize().resolve(JOURNAL_DIRECTORY) : null, false);
        if (registry != null) {
            queue.observeCommits(QueueMetrics.groupCommits(registry));
            if (embedded) {
                QueueMetrics.journalBacklog(registry, queue);
            }
        }
        if (embedded) {
            int orphans = queue.reclaimOrphans();
            if (orphans > 0) {
                LOG.info("Reclaimed {} job(s) left running by a previous process of this data directory", orphans);
            }
        }
        return queue;
    }

    @Singleton
    QueueMetrics queueMetrics(@Nullable MeterRegistry registry, JdbcWorkQueue queue) {
        return new QueueMetrics(registry, queue::stats);
    }
}
