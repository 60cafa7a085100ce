package dev.aigate.queue;

import io.micronaut.scheduling.TaskExecutors;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A process-local queue that coalesces work per key: while a key is pending, more work for it
 * is absorbed; when work arrives while the key is running, exactly one more run follows.
 * Failed work is retried with exponential backoff, or at the time a rate limit names.
 *
 * <p>Nothing here survives a restart; the durable store-backed queue replaces it.
 */
@Singleton
public class InMemoryWorkQueue implements WorkQueue {

    static final int MAX_ATTEMPTS = 8;
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryWorkQueue.class);
    private static final int SEEN_DELIVERIES = 50_000;

    private enum State { PENDING, RUNNING, RUNNING_DIRTY }

    private final WorkHandler handler;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "aigate-queue-timer");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Map<String, WorkTarget> latest = new ConcurrentHashMap<>();
    private final Set<String> seen = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > SEEN_DELIVERIES;
                }
            }));

    public InMemoryWorkQueue(WorkHandler handler, @Named(TaskExecutors.BLOCKING) ExecutorService workers) {
        this.handler = handler;
        this.workers = workers;
    }

    @Override
    public boolean accept(InboundDelivery delivery, List<WorkTarget> targets) {
        if (!seen.add(delivery.deliveryId())) {
            return false;
        }
        enqueue(targets);
        return true;
    }

    @Override
    public void enqueue(List<WorkTarget> targets) {
        for (WorkTarget target : targets) {
            String key = target.key();
            latest.put(key, target);
            State before = states.compute(key, (k, s) -> s == null ? State.PENDING
                    : s == State.RUNNING ? State.RUNNING_DIRTY : s);
            if (before == State.PENDING && !scheduled.containsKey(key)) {
                schedule(key, Duration.ZERO, 1);
            }
        }
    }

    private final Map<String, Boolean> scheduled = new ConcurrentHashMap<>();

    private void schedule(String key, Duration delay, int attempt) {
        scheduled.put(key, Boolean.TRUE);
        Runnable submit = () -> workers.execute(() -> run(key, attempt));
        if (delay.isZero()) {
            submit.run();
        } else {
            timer.schedule(submit, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void run(String key, int attempt) {
        scheduled.remove(key);
        states.put(key, State.RUNNING);
        WorkTarget target = latest.get(key);
        try {
            handler.handle(target);
            finish(key, 1);
        } catch (RetryLaterException e) {
            if (attempt >= MAX_ATTEMPTS && !e.isRateLimit()) {
                LOG.error("giving up on {} after {} attempts: {}", key, attempt, e.getMessage());
                finish(key, 1);
                return;
            }
            Duration delay = e.isRateLimit()
                    ? Duration.between(Instant.now(), e.notBefore()).plusSeconds(1)
                    : Duration.ofMillis(Math.min(60_000, 250L << Math.min(attempt, 10)));
            LOG.warn("{} will be retried in {} ms (attempt {}): {}", key, delay.toMillis(), attempt, e.getMessage());
            states.put(key, State.PENDING);
            schedule(key, delay.isNegative() ? Duration.ZERO : delay, attempt + 1);
        } catch (RuntimeException e) {
            LOG.error("evaluation of {} failed", key, e);
            finish(key, 1);
        }
    }

    private void finish(String key, int attempt) {
        State after = states.compute(key, (k, s) -> s == State.RUNNING_DIRTY ? State.PENDING : null);
        if (after == State.PENDING) {
            schedule(key, Duration.ZERO, attempt);
        } else {
            latest.remove(key);
        }
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
