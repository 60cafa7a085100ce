package dev.aigate.queue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Claims due jobs and runs them through the {@link WorkHandler}, at most {@link QueueSettings#concurrency()} at a
 * time. One small poller thread claims and renews leases; the handler runs on the supplied executor (Micronaut's
 * blocking executor: virtual threads where the runtime has them). Shutdown stops claiming, waits up to the grace
 * period for running jobs, then interrupts and releases the rest so another replica can take them at once.
 */
public class QueueWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueWorker.class);
    /**
     * Attempts for a job that failed with anything but {@link RetryLaterException}: a bug, which fails the same way
     * every time, so it is parked (visible to operators) soon instead of retried to the full budget.
     */
    static final int UNEXPECTED_FAILURE_ATTEMPTS = 3;

    private final JdbcWorkQueue queue;
    private final WorkHandler handler;
    private final ExecutorService executor;
    private final String owner;
    private final QueueSettings settings;
    private final QueueMetrics metrics;
    private final Clock clock;
    private final Semaphore slots;
    private final Semaphore wakeUp = new Semaphore(0);
    private final Map<String, Running> inFlight = new ConcurrentHashMap<>();
    private volatile boolean claiming;
    private volatile Thread poller;

    private record Running(ClaimedJob job, Future<?> future) {
    }

    /** Jobs claimed together share a lease token; a key is leased once at a time. */
    private static String id(ClaimedJob job) {
        return job.key() + "\n" + job.token();
    }

    public QueueWorker(JdbcWorkQueue queue, WorkHandler handler, ExecutorService executor, String owner,
                       QueueMetrics metrics) {
        this(queue, handler, executor, owner, metrics, Clock.systemUTC());
    }

    /**
     * A worker whose lease renewals follow {@code clock}, the clock its queue decides due times and lease expiry
     * with; tests move both by hand.
     */
    public QueueWorker(JdbcWorkQueue queue, WorkHandler handler, ExecutorService executor, String owner,
                       QueueMetrics metrics, Clock clock) {
        this.clock = clock;
        this.queue = queue;
        this.handler = handler;
        this.executor = executor;
        this.owner = owner;
        this.settings = queue.settings();
        this.metrics = metrics;
        this.slots = new Semaphore(settings.concurrency());
        queue.onNewWork(wakeUp::release);
    }

    public String owner() {
        return owner;
    }

    public synchronized void start() {
        if (poller != null) {
            return;
        }
        claiming = true;
        Thread thread = new Thread(this::pollLoop, "aigate-queue-" + owner);
        thread.setDaemon(true);
        poller = thread;
        thread.start();
        LOG.info("Queue worker {} started: concurrency {}, lease {}, coalescing window {}", owner,
                settings.concurrency(), settings.lease(), settings.coalesceWindow());
    }

    /** Number of jobs this worker is running now. */
    public int inFlight() {
        return inFlight.size();
    }

    private void pollLoop() {
        long nextHeartbeat = clock.millis() + heartbeatEvery().toMillis();
        long failureSleep = settings.pollInterval().toMillis();
        while (claiming) {
            try {
                if (clock.millis() >= nextHeartbeat) {
                    renewLeases();
                    nextHeartbeat = clock.millis() + heartbeatEvery().toMillis();
                }
                int free = slots.availablePermits();
                int started = 0;
                if (free > 0) {
                    List<ClaimedJob> jobs = queue.claim(owner, free);
                    for (ClaimedJob job : jobs) {
                        if (!claiming) {
                            queue.release(job);
                            continue;
                        }
                        slots.acquireUninterruptibly();
                        submit(job);
                        started++;
                    }
                }
                failureSleep = settings.pollInterval().toMillis();
                if (started == 0 || started < free) {
                    wakeUp.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The store is down or refused us: keep going, slower, so a database restart heals by itself.
                LOG.warn("Queue poll failed, retrying in {} ms: {}", failureSleep, e.toString());
                sleepQuietly(failureSleep);
                failureSleep = Math.min(failureSleep * 2, 30_000);
            }
        }
    }

    private Duration heartbeatEvery() {
        return settings.lease().dividedBy(3);
    }

    private void renewLeases() {
        for (Running running : inFlight.values()) {
            try {
                if (!queue.heartbeat(running.job())) {
                    LOG.warn("Lost the lease on {}; another worker may run it too", running.job().key());
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not renew the lease on {}: {}", running.job().key(), e.toString());
            }
        }
    }

    /**
     * Registers the job in {@link #inFlight} before it can start: registered after submitting, a job that finished
     * first (its {@code finally} already ran, its future not yet done) stayed registered for good, and every
     * heartbeat then reported a lost lease for it.
     */
    private void submit(ClaimedJob job) {
        FutureTask<Void> task = new FutureTask<>(() -> run(job), null);
        inFlight.put(id(job), new Running(job, task));
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            inFlight.remove(id(job));
            slots.release();
            queue.release(job);
            LOG.warn("Executor refused {}; released it", job.key());
        }
    }

    private void run(ClaimedJob job) {
        long started = System.nanoTime();
        // The executor's threads also serve requests and other jobs: start from an empty MDC and leave one.
        MDC.clear();
        MDC.put("pr", job.key());
        try {
            handler.handle(job.target());
            if (queue.complete(job)) {
                metrics.outcome("completed", Duration.ofNanos(System.nanoTime() - started));
            } else {
                LOG.warn("Finished {} after its lease was lost", job.key());
                metrics.outcome("lease_lost", Duration.ofNanos(System.nanoTime() - started));
            }
        } catch (RetryLaterException e) {
            if (e.notBefore() != null) {
                LOG.info("Rate limited on {}; deferring until {}", job.key(), e.notBefore());
                queue.defer(job, e.notBefore(), "rate limited: " + e.getMessage());
                metrics.outcome("deferred", Duration.ofNanos(System.nanoTime() - started));
            } else {
                recordFailure(job, e.getMessage(), started, null, settings.maxAttempts());
            }
        } catch (Throwable t) {
            if (!claiming && Thread.currentThread().isInterrupted()) {
                // Interrupted by shutdown; close() releases the job.
                return;
            }
            recordFailure(job, t.toString(), started, t, UNEXPECTED_FAILURE_ATTEMPTS);
        } finally {
            MDC.clear();
            inFlight.remove(id(job));
            slots.release();
            wakeUp.release();
        }
    }

    private void recordFailure(ClaimedJob job, String error, long started, Throwable t, int attempts) {
        try {
            String state = queue.fail(job, error, attempts).orElse("lost");
            if ("parked".equals(state)) {
                LOG.error("Parked {} after {} attempts: {}", job.key(), job.attempt(), error, t);
                metrics.outcome("parked", Duration.ofNanos(System.nanoTime() - started));
                try {
                    handler.parked(job.target(), error, job.attempt());
                } catch (RuntimeException e) {
                    LOG.warn("Could not show that {} is parked: {}", job.key(), e.toString());
                }
            } else {
                LOG.warn("Attempt {} for {} failed; will retry: {}", job.attempt(), job.key(), error, t);
                metrics.outcome("retried", Duration.ofNanos(System.nanoTime() - started));
            }
        } catch (RuntimeException e) {
            LOG.error("Could not record the failure of {} (its lease will expire and it will run again)", job.key(), e);
        }
    }

    /** Stops claiming, waits up to the shutdown grace for running jobs, then interrupts and releases the rest. */
    @Override
    public void close() {
        Thread thread;
        synchronized (this) {
            thread = poller;
            poller = null;
        }
        if (thread == null) {
            return;
        }
        claiming = false;
        wakeUp.release();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            sleepQuietly(20);
        }
        for (Running running : inFlight.values()) {
            running.future().cancel(true);
            try {
                if (queue.release(running.job())) {
                    LOG.info("Released {} at shutdown", running.job().key());
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not release {} at shutdown; its lease will expire: {}", running.job().key(), e.toString());
            }
        }
        inFlight.clear();
        LOG.info("Queue worker {} stopped", owner);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
