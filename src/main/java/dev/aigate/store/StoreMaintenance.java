package dev.aigate.store;

import dev.aigate.lifecycle.LifecycleStore;
import dev.aigate.queue.JdbcWorkQueue;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Retention: prunes decision records and overrides older than {@code AIGATE_DECISION_RETENTION} (default 180
 * days) with the pull request lifecycle the dashboard reads, inbox entries older than {@code AIGATE_INBOX_RETENTION} (default 7 days; GitHub lets a delivery be
 * redelivered for 3 days, so the inbox must remember longer), and finished work rows after a day. Runs hourly,
 * on one replica at a time.
 */
@Singleton
public class StoreMaintenance {

    private static final Logger LOG = LoggerFactory.getLogger(StoreMaintenance.class);
    private static final String LEASE = "store-retention";

    private final JdbcDecisionLog decisions;
    private final LifecycleStore lifecycle;
    private final JdbcWorkQueue queue;
    private final LeaseLock lock;
    private final Clock clock;
    private final Duration decisionRetention;
    private final Duration inboxRetention;
    private final String owner = java.lang.management.ManagementFactory.getRuntimeMXBean().getName()
            + "/" + java.util.UUID.randomUUID().toString().substring(0, 8);

    public StoreMaintenance(JdbcDecisionLog decisions, JdbcWorkQueue queue, LeaseLock lock, Clock clock,
                            @Value("${aigate.decision-retention:180d}") Duration decisionRetention,
                            @Value("${aigate.inbox-retention:7d}") Duration inboxRetention,
                            LifecycleStore lifecycle) {
        this.decisions = decisions;
        this.lifecycle = lifecycle;
        this.queue = queue;
        this.lock = lock;
        this.clock = clock;
        this.decisionRetention = decisionRetention;
        this.inboxRetention = inboxRetention;
    }

    /**
     * One kind of record and its retention. A new table with a retention adds a step here; each step deletes in
     * paced batches ({@link BatchedDelete}), so a prune does not grow the embedded store's file.
     */
    @FunctionalInterface
    interface Step {
        int prune(Instant now);
    }

    private List<Step> steps() {
        return List.of(
                now -> decisions.prune(now.minus(decisionRetention)), // decision records and overrides
                now -> lifecycle.prune(now.minus(decisionRetention)), // the pull request lifecycle the dashboard reads
                now -> queue.prune(now.minus(Duration.ofDays(1)), now.minus(inboxRetention))); // idle work, inbox
    }

    @Scheduled(fixedDelay = "1h", initialDelay = "2m")
    void scheduled() {
        try {
            prune();
        } catch (RuntimeException e) {
            LOG.warn("Retention pruning failed; will try again: {}", e.toString());
        }
    }

    /** Prunes once if this replica gets the lease. Returns rows deleted, or -1 when another replica holds it. */
    public int prune() {
        if (!lock.tryAcquire(LEASE, owner, Duration.ofMinutes(10))) {
            return -1;
        }
        boolean ok = false;
        try {
            Instant now = clock.instant();
            int deleted = 0;
            for (Step step : steps()) {
                deleted += step.prune(now);
            }
            if (deleted > 0) {
                LOG.info("Retention pruned {} rows", deleted);
            }
            ok = true;
            return deleted;
        } finally {
            lock.release(LEASE, owner, ok);
        }
    }
}
