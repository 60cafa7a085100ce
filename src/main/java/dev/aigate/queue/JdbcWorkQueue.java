package dev.aigate.queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The durable inbox and work queue, in one table per concern ({@code aigate_delivery}, {@code aigate_work}),
 * shared by every replica through the database.
 *
 * <p><b>Why our own SQL instead of db-scheduler or JobRunr.</b> Both were considered. Neither can express the
 * coalescing rule this queue exists for: one row per pull request that (a) absorbs any number of events while
 * pending, (b) remembers that an event arrived <em>while the row is being executed</em> so that exactly one more
 * run follows, and (c) spaces runs of one key by a coalescing window. db-scheduler identifies an execution by
 * (task, instance id) and ignores or rejects a schedule for an instance that is currently picked, so (b) would need
 * a second table beside it anyway; JobRunr has no per-key mutual exclusion at all. Rate-limit deferrals must also
 * not count as failed attempts, and a rate limit seen by one job should defer its installation's other jobs. What
 * remains is small: a claim that picks due rows {@code FOR UPDATE SKIP LOCKED} and leases them with a token, the
 * same statements on H2 (which has {@code SKIP LOCKED} since 2.2.220) and PostgreSQL, so replicas pass over each
 * other's rows instead of racing for them.
 *
 * <p>This class is the queue's face; its SQL lives in three parts along the seams: {@link GroupCommitter}
 * (ingress batching), {@link WorkerStatements} (claim, lease, heartbeat, a run's end) and
 * {@link QueueAdminQueries} (stats, parked jobs, redelivery, pruning), with {@link WorkRows} the work-row upsert
 * the committer and {@link #enqueue} share.
 *
 * <p>Guarantees: see docs/queue.md.
 */
public class JdbcWorkQueue implements WorkQueue {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcWorkQueue.class);
    /** How long {@link #row} waits for the journal to be applied, so it shows every delivery accepted before it. */
    private static final Duration READ_WAIT = Duration.ofSeconds(5);

    private final QueueSettings settings;
    private final List<Runnable> wakeUps = new CopyOnWriteArrayList<>();
    private final WorkRows rows;
    private final GroupCommitter committer;
    private final WorkerStatements worker;
    private final QueueAdminQueries admin;

    public JdbcWorkQueue(DataSource dataSource, QueueSettings settings, Clock clock) {
        this(dataSource, settings, clock, null, false);
    }

    /**
     * A queue whose ingress journals batches under load in {@code journalDir} (the embedded store: one process has
     * the store open, so one journal is enough; see {@link IngressJournal}). What a previous process left there is
     * applied before this returns. {@code journalAlways} (tests) journals every batch that can be.
     */
    public JdbcWorkQueue(DataSource dataSource, QueueSettings settings, Clock clock, Path journalDir,
                         boolean journalAlways) {
        this.settings = settings;
        QueueJdbc jdbc = new QueueJdbc(dataSource);
        this.rows = new WorkRows(jdbc, settings, clock, this::wake);
        IngressJournal journal = null;
        if (journalDir != null) {
            try {
                journal = new IngressJournal(journalDir);
            } catch (IOException e) {
                throw new QueueStoreException("Cannot open the ingress journal in " + journalDir, e);
            }
        }
        this.committer = new GroupCommitter(jdbc, rows, clock, this::wake, journal, journalAlways);
        this.worker = new WorkerStatements(jdbc, settings, clock);
        this.admin = new QueueAdminQueries(jdbc, clock, this::wake);
        if (journal != null) {
            try {
                int replayed = committer.applier().replay();
                if (replayed > 0) {
                    LOG.info("Replayed {} delivery(ies) from the ingress journal in {}", replayed, journalDir);
                }
            } catch (IOException | SQLException e) {
                throw new QueueStoreException("Cannot replay the ingress journal in " + journalDir, e);
            }
        }
    }

    /** Deliveries journaled and not yet in the store (0 without a journal). */
    public int journalBacklog() {
        JournalApplier applier = committer.applier();
        return applier == null ? 0 : applier.backlog();
    }

    /**
     * Waits (up to {@code timeout}) until every delivery accepted before this call is in the store; true when it
     * is. Without a journal it always is.
     */
    public boolean awaitIngress(Duration timeout) {
        JournalApplier applier = committer.applier();
        return applier == null || applier.awaitApplied(timeout.toNanos());
    }

    /**
     * Stops journaling and moves what is journaled into the store (for up to 10 s); what is left is replayed at
     * the next start. Runs before the store is closed.
     */
    public void close() {
        JournalApplier applier = committer.applier();
        if (applier == null) {
            return;
        }
        try {
            applier.close(TimeUnit.SECONDS.toNanos(10));
        } catch (IOException e) {
            LOG.warn("Could not close the ingress journal: {}", e.toString());
        }
    }

    public QueueSettings settings() {
        return settings;
    }

    /** Reports every group commit of ingress (its size and timings) to {@code observer}, e.g. {@link QueueMetrics}. */
    void observeCommits(GroupCommitter.CommitObserver observer) {
        committer.observe(observer);
    }

    /** Registers a callback run after new work was committed (the in-process worker wakes without polling). */
    public void onNewWork(Runnable wakeUp) {
        wakeUps.add(wakeUp);
    }

    // ---------------------------------------------------------------- ingress

    /** Durable before it returns; concurrent calls share one commit ({@link GroupCommitter}). */
    @Override
    public boolean accept(InboundDelivery delivery, List<WorkTarget> targets) {
        return committer.accept(delivery, targets);
    }

    @Override
    public CompletableFuture<Boolean> acceptAsync(InboundDelivery delivery, List<WorkTarget> targets,
                                                  List<AlongsideWrite> alongside) {
        return committer.acceptAsync(delivery, targets, alongside);
    }

    @Override
    public CompletableFuture<Void> writeAsync(List<AlongsideWrite> writes) {
        return committer.writeAsync(writes).thenApply(fresh -> null);
    }

    @Override
    public void enqueue(List<WorkTarget> targets) {
        rows.enqueue(targets);
    }

    // ---------------------------------------------------------------- worker side (see WorkerStatements)

    public List<ClaimedJob> claim(String owner, int max) {
        return worker.claim(owner, max);
    }

    public int reclaimOrphans() {
        return worker.reclaimOrphans();
    }

    public boolean heartbeat(ClaimedJob job) {
        return worker.heartbeat(job);
    }

    public boolean complete(ClaimedJob job) {
        return worker.complete(job);
    }

    public Optional<String> fail(ClaimedJob job, String error) {
        return worker.fail(job, error);
    }

    public Optional<String> fail(ClaimedJob job, String error, int maxAttempts) {
        return worker.fail(job, error, maxAttempts);
    }

    public boolean defer(ClaimedJob job, Instant notBefore, String reason) {
        return worker.defer(job, notBefore, reason);
    }

    public boolean release(ClaimedJob job) {
        return worker.release(job);
    }

    // ---------------------------------------------------------------- operations (see QueueAdminQueries)

    @Override
    public QueueStats stats() {
        return admin.stats();
    }

    @Override
    public List<ParkedJob> parked(int limit) {
        return admin.parked(limit);
    }

    @Override
    public boolean retryParked(String key) {
        return admin.retryParked(key);
    }

    @Override
    public int retryAllParked() {
        return admin.retryAllParked();
    }

    public int prune(Instant idleBefore, Instant deliveriesBefore) {
        return admin.prune(idleBefore, deliveriesBefore);
    }

    public boolean hasDelivery(String deliveryId) {
        JournalApplier applier = committer.applier();
        return (applier != null && applier.isPending(deliveryId)) || admin.hasDelivery(deliveryId);
    }

    /** Test and diagnostics helper: the raw row for a key (state, generation, attempts, deferrals). */
    public Map<String, Object> row(String key) {
        awaitIngress(READ_WAIT);
        return admin.row(key);
    }

    private void wake() {
        for (Runnable wakeUp : wakeUps) {
            wakeUp.run();
        }
    }
}
