package dev.aigate.queue;

import dev.aigate.store.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static dev.aigate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker against a real store: coalescing, outages, rate limits, crashes, lease renewal, shutdown. The queue and
 * the worker share a {@link MutableClock}, so backoff, deferral, coalescing windows and leases pass only when the test
 * moves the clock: nothing depends on how fast this machine is. That nothing ran is proven after the worker was seen
 * polling twice with nothing due, never after a sleep.
 */
class QueueWorkerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path temp;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final MutableClock clock = new MutableClock(T0);

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        executor.shutdownNow();
    }

    /** A queue that counts the worker's polls, so a test can wait until the worker has looked and found nothing. */
    private static final class WatchedQueue extends JdbcWorkQueue {
        final AtomicLong polls = new AtomicLong();

        WatchedQueue(DataSource dataSource, QueueSettings settings, MutableClock clock) {
            super(dataSource, settings, clock);
        }

        @Override
        public List<ClaimedJob> claim(String owner, int max) {
            try {
                return super.claim(owner, max);
            } finally {
                polls.incrementAndGet();
            }
        }

        /** Waits for two more polls: the second began after this call, so it saw the store as it is now. */
        void awaitTwoPolls() {
            long seen = polls.get();
            eventually("the worker polls twice").until(() -> polls.get() >= seen + 2);
        }
    }

    private TestDatabases.Db db(String store) throws Exception {
        TestDatabases.Db db = TestDatabases.open(store, temp);
        open.add(db);
        return db;
    }

    /** Real-time poll interval short, so the worker notices a moved clock at once; everything else on the clock. */
    private static QueueSettings settings() {
        return QueueSettings.defaults()
                .withCoalesceWindow(Duration.ofMillis(100))
                .withPollInterval(Duration.ofMillis(10))
                .withLease(Duration.ofSeconds(5))
                .withRetries(10, Duration.ofMillis(100), Duration.ofSeconds(1))
                .withShutdownGrace(Duration.ofSeconds(2));
    }

    private WatchedQueue queue(TestDatabases.Db db, QueueSettings settings) {
        return new WatchedQueue(db.pool(), settings, clock);
    }

    private QueueWorker worker(JdbcWorkQueue queue, WorkHandler handler, String owner) {
        QueueWorker worker = new QueueWorker(queue, handler, executor, owner, QueueMetrics.none(), clock);
        open.add(worker);
        worker.start();
        return worker;
    }

    private static InboundDelivery delivery(String id) {
        return new InboundDelivery(id, "pull_request", "synchronize", 1, T0, 0);
    }

    private static boolean settled(JdbcWorkQueue queue, String key) {
        Map<String, Object> row = queue.row(key);
        return "idle".equals(row.get("state")) && row.get("generation").equals(row.get("claimed_generation"));
    }

    /** Nothing runs and nothing is due: every key is idle, parked, or pending until a later time on the clock. */
    private boolean quiet(JdbcWorkQueue queue, QueueWorker worker, List<WorkTarget> targets) {
        for (WorkTarget t : targets) {
            Map<String, Object> row = queue.row(t.key());
            String state = (String) row.get("state");
            boolean waiting = "pending".equals(state) && ((Number) row.get("run_after")).longValue() > clock.millis();
            if (!"idle".equals(state) && !"parked".equals(state) && !waiting) {
                return false;
            }
        }
        return worker.inFlight() == 0;
    }

    /** Moves the clock in steps, letting the worker finish what is due after each, until {@code done} holds. */
    private void driveUntil(JdbcWorkQueue queue, QueueWorker worker, List<WorkTarget> targets, Duration step,
                            Duration limit, java.util.function.BooleanSupplier done) {
        Instant end = clock.instant().plus(limit);
        while (!done.getAsBoolean()) {
            eventually("nothing running or due").until(() -> quiet(queue, worker, targets));
            if (done.getAsBoolean()) {
                return;
            }
            assertTrue(clock.instant().isBefore(end), "not done within " + limit + " on the clock");
            clock.advance(step);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aBurstOfThirtyEventsWithinTheWindowRunsExactlyTwice(String store) throws Exception {
        WatchedQueue queue = queue(db(store), settings().withCoalesceWindow(Duration.ofSeconds(2)));
        WorkTarget pr = WorkTarget.pullRequest(1, "acme/app", 1);
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch firstRunMayEnd = new CountDownLatch(1);
        QueueWorker worker = worker(queue, target -> {
            if (runs.incrementAndGet() == 1) {
                hold(firstRunMayEnd);
            }
        }, "w1");
        assertTrue(queue.accept(delivery("burst-0"), List.of(pr)));
        eventually("the first event runs at once").until(() -> runs.get() == 1);
        for (int i = 1; i < 30; i++) {
            clock.advance(Duration.ofMillis(60)); // 29 more events over 1.74 s, inside the 2 s window
            assertTrue(queue.accept(delivery("burst-" + i), List.of(pr)));
        }
        firstRunMayEnd.countDown();
        eventually("the first run ends").until(() -> quiet(queue, worker, List.of(pr)));
        queue.awaitTwoPolls();
        assertEquals(1, runs.get(), "the other 29 events wait for the window to pass");
        assertEquals("pending", queue.row(pr.key()).get("state"));

        clock.advance(Duration.ofMillis(2000 - 1740));
        eventually("the burst settles").until(() -> settled(queue, pr.key()));
        queue.awaitTwoPolls();
        assertEquals(2, runs.get(), "30 events within the window ran twice: the first, then the other 29 together");
        assertEquals(30L, queue.row(pr.key()).get("claimed_generation"), "the last run saw the newest event");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aGitHubOutageIsRiddenOutWithoutParking(String store) throws Exception {
        WatchedQueue queue = queue(db(store), settings());
        long outageEnds = clock.millis() + 3000;
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> successes = new ConcurrentHashMap<>();
        QueueWorker worker = worker(queue, target -> {
            attempts.computeIfAbsent(target.key(), k -> new AtomicInteger()).incrementAndGet();
            if (clock.millis() < outageEnds) {
                throw new RetryLaterException("GitHub answered 502", null, null);
            }
            successes.computeIfAbsent(target.key(), k -> new AtomicInteger()).incrementAndGet();
        }, "w1");
        List<WorkTarget> prs = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            prs.add(WorkTarget.pullRequest(1, "acme/app", i));
        }
        queue.accept(delivery("d"), prs);
        driveUntil(queue, worker, prs, Duration.ofMillis(100), Duration.ofSeconds(10),
                () -> prs.stream().allMatch(t -> settled(queue, t.key())));
        assertEquals(0, queue.stats().parked(), "no job parked during a 3 s outage");
        for (WorkTarget pr : prs) {
            assertEquals(1, successes.get(pr.key()).get(), pr.key());
            // Backoff 100 ms doubling to 1 s, up to 25% off, seen in 100 ms steps: 7 or 8 tries cover 3 s.
            int tries = attempts.get(pr.key()).get();
            assertTrue(tries >= 7 && tries <= 8, pr.key() + " backed off (tried " + tries + " times in 3 s)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aRateLimitDefersUntilTheResetWithoutAHotLoop(String store) throws Exception {
        WatchedQueue queue = queue(db(store), settings());
        Map<String, List<Long>> calls = new ConcurrentHashMap<>();
        long reset = clock.millis() + 1500;
        List<WorkTarget> prs = List.of(WorkTarget.pullRequest(1, "acme/app", 1), WorkTarget.pullRequest(1, "acme/app", 2),
                WorkTarget.pullRequest(1, "acme/app", 3));
        QueueWorker worker = worker(queue, target -> {
            calls.computeIfAbsent(target.key(), k -> new CopyOnWriteArrayList<>()).add(clock.millis());
            if (clock.millis() < reset) {
                throw new RetryLaterException("403 x-ratelimit-remaining: 0", Instant.ofEpochMilli(reset), null);
            }
        }, "w1");
        queue.accept(delivery("d"), prs);
        driveUntil(queue, worker, prs, Duration.ofMillis(100), Duration.ofSeconds(5),
                () -> prs.stream().allMatch(t -> settled(queue, t.key())));
        for (WorkTarget pr : prs) {
            List<Long> times = calls.get(pr.key());
            assertEquals(2, times.size(), pr.key() + " ran once, deferred, then once more: " + times);
            assertEquals(T0.toEpochMilli(), times.get(0));
            assertTrue(times.get(1) >= reset, "not before the reset time");
            assertEquals(0, queue.row(pr.key()).get("attempts"));
        }
        assertEquals(0, queue.stats().parked());
    }

    /** A bug fails the same way every time: it is parked after a few attempts, not retried to the full budget. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anUnexpectedFailureIsParkedAfterAFewAttempts(String store) throws Exception {
        WatchedQueue queue = queue(db(store), settings());
        WorkTarget buggy = WorkTarget.pullRequest(1, "acme/app", 5);
        WorkTarget flaky = WorkTarget.pullRequest(1, "acme/app", 6);
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        QueueWorker worker = worker(queue, target -> {
            int n = attempts.computeIfAbsent(target.key(), k -> new AtomicInteger()).incrementAndGet();
            if (target.equals(buggy)) {
                throw new IllegalStateException("a bug in the core");
            }
            if (n <= QueueWorker.UNEXPECTED_FAILURE_ATTEMPTS) {
                throw new RetryLaterException("GitHub answered 502", null, null);
            }
        }, "w1");
        queue.accept(delivery("d"), List.of(buggy, flaky));
        driveUntil(queue, worker, List.of(buggy, flaky), Duration.ofMillis(100), Duration.ofSeconds(10),
                () -> queue.stats().parked() == 1 && settled(queue, flaky.key()));
        queue.awaitTwoPolls();
        assertEquals("parked", queue.row(buggy.key()).get("state"));
        assertEquals(QueueWorker.UNEXPECTED_FAILURE_ATTEMPTS, attempts.get(buggy.key()).get(), "attempts of the bug");
        assertEquals(QueueWorker.UNEXPECTED_FAILURE_ATTEMPTS + 1, attempts.get(flaky.key()).get(),
                "a GitHub failure keeps the full budget");
        assertTrue(queue.parked(10).get(0).lastError().contains("a bug in the core"), "the error says why");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aJobWhoseWorkerDiedRunsAfterItsLeaseExpires(String store) throws Exception {
        WatchedQueue queue = queue(db(store), settings().withLease(Duration.ofSeconds(1)));
        WorkTarget pr = WorkTarget.pullRequest(1, "acme/app", 9);
        queue.accept(delivery("d"), List.of(pr));
        long claimedAt = clock.millis();
        ClaimedJob abandoned = queue.claim("killed-with-9", 1).get(0);
        assertEquals(pr, abandoned.target());
        List<Long> runs = new CopyOnWriteArrayList<>();
        worker(queue, target -> runs.add(clock.millis()), "survivor");

        clock.advance(Duration.ofMillis(1000));
        queue.awaitTwoPolls();
        assertEquals(List.of(), runs, "a lease that ends now has not expired");
        assertEquals("killed-with-9", queue.row(pr.key()).get("lease_owner"));

        clock.advance(Duration.ofMillis(1));
        eventually("the survivor takes the job").until(() -> settled(queue, pr.key()));
        assertEquals(List.of(claimedAt + 1001), runs);
    }

    /** A running job's lease is renewed as the clock passes: another replica never takes a job that is alive. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aLongJobKeepsItsLeaseWhileItRuns(String store) throws Exception {
        TestDatabases.Db db = db(store);
        QueueSettings settings = settings().withLease(Duration.ofSeconds(3));
        WatchedQueue a = queue(db, settings);
        WatchedQueue b = queue(db, settings);
        WorkTarget pr = WorkTarget.pullRequest(1, "acme/app", 4);
        CountDownLatch finish = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        worker(a, target -> {
            ran.add("A");
            hold(finish);
        }, "A");
        a.accept(delivery("d"), List.of(pr));
        eventually("A runs the job").until(() -> ran.size() == 1);
        worker(b, target -> ran.add("B"), "B");
        for (int i = 0; i < 6; i++) { // 6.6 s on the clock, more than twice the 3 s lease
            clock.advance(Duration.ofMillis(1100));
            a.awaitTwoPolls(); // A renews at most a third of a lease after its last renewal
            b.awaitTwoPolls();
            assertEquals(List.of("A"), ran, "after " + (i + 1) * 1100 + " ms, B has not taken the job");
            assertTrue(leaseUntil(db, pr) > clock.millis(), "the lease is current");
        }
        finish.countDown();
        eventually("the job completes").until(() -> settled(a, pr.key()));
        assertEquals(List.of("A"), ran);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void shutdownFinishesShortJobsAndReleasesLongOnes(String store) throws Exception {
        TestDatabases.Db db = db(store);
        WatchedQueue queue = queue(db, settings().withShutdownGrace(Duration.ofSeconds(1)));
        WorkTarget quick = WorkTarget.pullRequest(1, "acme/app", 1);
        WorkTarget stuck = WorkTarget.pullRequest(1, "acme/app", 2);
        AtomicInteger started = new AtomicInteger();
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch shutdownBegan = new CountDownLatch(1);
        QueueWorker first = new QueueWorker(queue, target -> {
            started.incrementAndGet();
            hold(target.equals(quick) ? shutdownBegan : never); // the long one is interrupted by shutdown
        }, executor, "first", QueueMetrics.none(), clock);
        first.start();
        queue.accept(delivery("d"), List.of(quick, stuck));
        eventually("both started").until(() -> started.get() == 2);
        // Shutdown stops the poller first, then waits for running jobs: the short job ends once the poller is gone.
        executor.submit(() -> {
            eventually("the poller stops").until(() -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().equals("aigate-queue-first") && t.isAlive()));
            shutdownBegan.countDown();
        });
        first.close();
        assertTrue(settled(queue, quick.key()), "the short job finished during the grace period");
        Map<String, Object> released = queue.row(stuck.key());
        assertEquals("pending", released.get("state"), "the long job was released, not left leased");
        assertEquals(0, released.get("attempts"), "a release does not spend an attempt");

        List<WorkTarget> second = new CopyOnWriteArrayList<>();
        worker(queue(db, settings()), second::add, "second");
        eventually("another replica takes the released job at once, the clock unmoved").until(() -> settled(queue, stuck.key()));
        assertEquals(List.of(stuck), second);
    }

    @Test
    void aJobLeavesNoLogKeysOnItsThread() throws Exception {
        WatchedQueue queue = queue(db("h2"), settings());
        // One thread, as when the blocking executor hands the next task to the thread a job just ran on.
        ExecutorService one = Executors.newSingleThreadExecutor();
        WorkTarget first = WorkTarget.pullRequest(1, "acme/app", 1);
        WorkTarget second = WorkTarget.pullRequest(1, "acme/app", 2);
        Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();
        QueueWorker worker = new QueueWorker(queue, target -> {
            Map<String, String> mdc = org.slf4j.MDC.getCopyOfContextMap();
            seen.put(target.key(), mdc == null ? Map.of() : mdc);
            // A handler that forgets to clean up after itself.
            org.slf4j.MDC.put("installation", "42");
            org.slf4j.MDC.put("repo", "acme/app");
        }, one, "w1", QueueMetrics.none(), clock);
        open.add(worker);
        open.add(one::shutdownNow);
        worker.start();
        queue.accept(delivery("d1"), List.of(first));
        eventually("the first job ran").until(() -> settled(queue, first.key()));
        queue.accept(delivery("d2"), List.of(second));
        eventually("the second job ran").until(() -> settled(queue, second.key()));

        assertEquals(Map.of("pr", second.key()), seen.get(second.key()), "the next job starts clean");
        Map<String, String> after = one.submit(() -> org.slf4j.MDC.getCopyOfContextMap()).get();
        assertTrue(after == null || after.isEmpty(), "nothing is left for the next task on the thread: " + after);
    }

    /**
     * A job can finish before the worker has registered it: the executor's thread runs it to the end while the
     * future the worker was handed is not marked done yet. That job must not stay registered (it did, and every
     * heartbeat then logged "Lost the lease" for it). The executor here makes that interleaving certain: it runs
     * each task at once, and {@code submit} hands back a future that is not done.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aJobThatFinishesBeforeItIsRegisteredDoesNotStayInFlight(String store) throws Exception {
        WatchedQueue queue = queue(db(store), settings());
        ExecutorService finishesFirst = new java.util.concurrent.AbstractExecutorService() {
            private volatile boolean shut;

            @Override
            public void execute(Runnable task) {
                task.run();
            }

            @Override
            public java.util.concurrent.Future<?> submit(Runnable task) {
                task.run();
                return new java.util.concurrent.CompletableFuture<>(); // not done yet, as a moment after the run
            }

            @Override
            public void shutdown() {
                shut = true;
            }

            @Override
            public List<Runnable> shutdownNow() {
                shut = true;
                return List.of();
            }

            @Override
            public boolean isShutdown() {
                return shut;
            }

            @Override
            public boolean isTerminated() {
                return shut;
            }

            @Override
            public boolean awaitTermination(long timeout, java.util.concurrent.TimeUnit unit) {
                return true;
            }
        };
        AtomicInteger runs = new AtomicInteger();
        QueueWorker worker = new QueueWorker(queue, target -> runs.incrementAndGet(), finishesFirst, "w1",
                QueueMetrics.none(), clock);
        open.add(worker);
        worker.start();
        WorkTarget pr = WorkTarget.pullRequest(1, "acme/app", 1);
        queue.accept(delivery("d1"), List.of(pr));
        eventually("the job ran").until(() -> settled(queue, pr.key()));
        eventually("the finished job is no longer in flight").until(() -> worker.inFlight() == 0);
        assertEquals(1, runs.get());
    }

    private static long leaseUntil(TestDatabases.Db db, WorkTarget target) throws java.sql.SQLException {
        try (java.sql.Connection c = db.dataSource().getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT lease_until FROM aigate_work WHERE job_key = ?")) {
            ps.setString(1, target.key());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), target.key());
                return rs.getLong(1);
            }
        }
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
