package dev.aigate.queue;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ExecutorService;

/**
 * Runs the queue worker for as long as the server runs. Present when a {@link WorkHandler} exists and
 * {@code aigate.queue.worker.enabled} is not false (an ingest-only replica can switch it off).
 */
@Context
@Requires(beans = WorkHandler.class)
@Requires(property = "aigate.queue.worker.enabled", notEquals = "false")
public class QueueWorkerService {

    private final QueueWorker worker;

    public QueueWorkerService(JdbcWorkQueue queue, WorkHandler handler,
                              @Named(TaskExecutors.BLOCKING) ExecutorService executor, QueueMetrics metrics,
                              Clock clock) {
        // The queue's clock (one bean): leases are renewed by the same time they expire by.
        this.worker = new QueueWorker(queue, handler, executor, ownerName(), metrics, clock);
        this.worker.start();
    }

    /** host/pid/random: unique per process, readable in the {@code lease_owner} column. */
    static String ownerName() {
        String runtime = ManagementFactory.getRuntimeMXBean().getName();
        return runtime + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    public QueueWorker worker() {
        return worker;
    }

    @PreDestroy
    void stop() {
        worker.close();
    }
}
