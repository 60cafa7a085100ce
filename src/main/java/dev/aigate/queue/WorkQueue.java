package dev.aigate.queue;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Accepts verified deliveries and schedules the evaluations they ask for. */
public interface WorkQueue {

    /**
     * Records the delivery and enqueues its targets, coalescing with pending work for the same key.
     * Returns {@code false}, and does nothing, when this delivery id was accepted before.
     * When this returns, the work must survive as long as the implementation promises.
     *
     * @throws QueueStoreException when the store cannot record it (ingress should answer 5xx)
     */
    boolean accept(InboundDelivery delivery, List<WorkTarget> targets);

    /**
     * {@link #accept} without blocking the caller (ingress answers from the event loop): the future completes
     * once the delivery, its work and {@code alongside} are durable, with what {@link #accept} would return, or
     * fails with a {@link QueueStoreException}. A duplicate delivery runs none of {@code alongside}.
     * This default blocks the caller, and only an implementation with a transaction can take writes.
     */
    default CompletableFuture<Boolean> acceptAsync(InboundDelivery delivery, List<WorkTarget> targets,
                                                   List<AlongsideWrite> alongside) {
        if (!alongside.isEmpty()) {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot commit alongside writes");
        }
        try {
            return CompletableFuture.completedFuture(accept(delivery, targets));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Makes {@code writes} durable, in the next group commit, for a delivery that asks for no work. */
    default CompletableFuture<Void> writeAsync(List<AlongsideWrite> writes) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot commit alongside writes");
    }

    /** Enqueues targets that did not come from a delivery (operator CLI, reconcile sweeps). */
    void enqueue(List<WorkTarget> targets);

    /** Counts for metrics and health: depth, parked jobs, age of the oldest unfinished work. */
    default QueueStats stats() {
        return QueueStats.EMPTY;
    }

    /** Jobs that ran out of attempts, oldest first. */
    default List<ParkedJob> parked(int limit) {
        return List.of();
    }

    /** Makes a parked job due again with a fresh attempt budget. Returns false when the key is not parked. */
    default boolean retryParked(String key) {
        return false;
    }

    /** Makes every parked job due again. Returns how many. */
    default int retryAllParked() {
        return 0;
    }
}
