package dev.aigate.recovery;

import dev.aigate.queue.ClaimedJob;
import dev.aigate.queue.JdbcWorkQueue;
import dev.aigate.queue.MutableClock;
import dev.aigate.queue.QueueSettings;
import dev.aigate.queue.WorkTarget;
import dev.aigate.store.LeaseLock;
import dev.aigate.store.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PullRequestReconcilerTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void enqueuesStalePullRequestsOnOneReplica(String store) throws Exception {
        try (var db = TestDatabases.open(store, temp)) {
            MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
            JdbcWorkQueue queue = new JdbcWorkQueue(db.dataSource(), QueueSettings.defaults(), clock);
            List<WorkTarget> stale = List.of(WorkTarget.pullRequest(5, "acme/app", 3), WorkTarget.pullRequest(5, "acme/lib", 8));
            LeaseLock lock = new LeaseLock(db.dataSource(), clock);
            PullRequestReconciler one = new PullRequestReconciler(() -> stale, queue, lock, Duration.ofMinutes(30), "one");
            PullRequestReconciler two = new PullRequestReconciler(() -> stale, queue, lock, Duration.ofMinutes(30), "two");

            lock.tryAcquire(PullRequestReconciler.LEASE, "two", Duration.ofMinutes(1));
            assertEquals(-1, one.reconcile(), "another replica holds the lease");
            lock.release(PullRequestReconciler.LEASE, "two", false);
            assertEquals(2, one.reconcile());
            assertEquals(2, two.reconcile(), "a second pass coalesces with the pending work");
            List<WorkTarget> claimed = queue.claim("w", 10).stream().map(ClaimedJob::target)
                    .sorted(Comparator.comparing(WorkTarget::key)).toList();
            assertEquals(stale, claimed);
        }
    }
}
