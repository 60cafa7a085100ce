package dev.aigate.recovery;

import dev.aigate.queue.WorkQueue;
import dev.aigate.queue.WorkTarget;
import dev.aigate.store.LeaseLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Enqueues open pull requests whose check is missing or stale, on one replica at a time. */
public class PullRequestReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(PullRequestReconciler.class);
    static final String LEASE = "reconcile";

    private final OpenPullRequestScanner scanner;
    private final WorkQueue queue;
    private final LeaseLock lock;
    private final Duration leaseFor;
    private final String owner;

    public PullRequestReconciler(OpenPullRequestScanner scanner, WorkQueue queue, LeaseLock lock, Duration leaseFor,
                                 String owner) {
        this.scanner = scanner;
        this.queue = queue;
        this.lock = lock;
        this.leaseFor = leaseFor;
        this.owner = owner;
    }

    /** Returns how many targets were enqueued, or -1 when another replica holds the lease. */
    public int reconcile() throws IOException {
        if (!lock.tryAcquire(LEASE, owner, leaseFor)) {
            return -1;
        }
        boolean ok = false;
        try {
            List<WorkTarget> stale = scanner.stalePullRequests();
            queue.enqueue(stale);
            if (!stale.isEmpty()) {
                LOG.info("Reconcile found {} pull requests with a missing or stale check", stale.size());
            }
            ok = true;
            return stale.size();
        } finally {
            lock.release(LEASE, owner, ok);
        }
    }
}
