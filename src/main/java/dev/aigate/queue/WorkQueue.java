package dev.aigate.queue;

import java.util.List;

/** Accepts verified deliveries and schedules the evaluations they ask for. */
public interface WorkQueue {

    /**
     * Records the delivery and enqueues its targets, coalescing with pending work for the same key.
     * Returns {@code false}, and does nothing, when this delivery id was accepted before.
     * When this returns, the work must survive as long as the implementation promises.
     */
    boolean accept(InboundDelivery delivery, List<WorkTarget> targets);

    /** Enqueues targets that did not come from a delivery (operator CLI, reconcile sweeps). */
    void enqueue(List<WorkTarget> targets);
}
