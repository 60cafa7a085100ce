package dev.aigate.queue;

import dev.aigate.store.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker against a real store and the real clock: coalescing, outages, rate limits, crashes, shutdown. */
class QueueWorkerTest {

    @TempDir
    Path temp;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        executor.shutdownNow();
    }

    private TestDatabases.Db db(String store) throws Exception {
        TestDatabases.Db db = TestDatabases.open(store, temp);
        open.add(db);
        return db;
    }

    private static QueueSettings fast() {
        return QueueSettings.defaults()
                .withCoalesceWindow(Duration.ofMillis(100))
                .withPollInterval(Duration.ofMillis(50))
                .withLease(Duration.ofSeconds(5))
                .withRetries(10, Duration.ofMillis(100), Duration.ofSeconds(1))
                .withShutdownGrace(Duration.ofSeconds(2));
    }

    private QueueWorker worker(JdbcWorkQueue queue, WorkHandler handler, String owner) {
        QueueWorker worker = new QueueWorker(queue, handler, executor, owner, QueueMetrics.none());
        open.add(worker);
        worker.start();
        return worker;
    }

    private static InboundDelivery delivery(String id) {
        return new InboundDelivery(id, "pull_request", "synchronize", 1, Instant.now(), new byte[0]);
    }

    private static boolean settled(JdbcWorkQueue queue, String key) {
        Map<String, Object> row = queue.row(key);
        return "idle".equals(row.get("state")) && row.get("generation").equals(row.get("claimed_generation"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aBurstOfThirtyEventsWithinTwoSecondsRunsAtMostTwice(String store) throws Exception {
        JdbcWorkQueue queue = new JdbcWorkQueue(db(store).dataSource(),
                fast().withCoalesceWindow(Duration.ofSeconds(2)), Clock.systemUTC());
        WorkTarget pr = WorkTarget.pullRequest(1, "acme/app", 1);
        AtomicInteger runs = new AtomicInteger();
        worker(queue, target -> {
            runs.incrementAndGet();
            sleep(50);
        }, "w1");
        long start = System.nanoTime();
        for (int i = 0; i < 30; i++) {
            long due = start + Duration.ofMillis(60L * i).toNanos();
            Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
            assertTrue(queue.accept(delivery("burst-" + i), List.of(pr)));
        }
        Duration burst = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(burst.compareTo(Duration.ofSeconds(2)) < 0, "the burst took " + burst);
        Await.until(Duration.ofSeconds(10), "the burst settles", () -> settled(queue, pr.key()));
        Thread.sleep(300);
        assertTrue(runs.get() >= 1 && runs.get() <= 2, "30 events in under 2 s ran " + runs.get() + " times");
        assertEquals(30L, queue.row(pr.key()).get("claimed_generation"), "the last run saw the newest event");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aGitHubOutageIsRiddenOutWithoutParking(String store) throws Exception {
        JdbcWorkQueue queue = new JdbcWorkQueue(db(store).dataSource(), fast(), Clock.systemUTC());
        long outageEnds = System.currentTimeMillis() + 3000;
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> successes = new ConcurrentHashMap<>();
        worker(queue, target -> {
            attempts.computeIfAbsent(target.key(), k -> new AtomicInteger()).incrementAndGet();
            if (System.currentTimeMillis() < outageEnds) {
                throw new RetryLaterException("GitHub answered 502", null, null);
            }
            successes.computeIfAbsent(target.key(), k -> new AtomicInteger()).incrementAndGet();
        }, "w1");
        List<WorkTarget> prs = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            prs.add(WorkTarget.pullRequest(1, "acme/app", i));
        }
        queue.accept(delivery("d"), prs);
        Await.until(Duration.ofSeconds(15), "every PR completes after the outage",
                () -> prs.stream().allMatch(t -> settled(queue, t.key())));
        assertEquals(0, queue.stats().parked(), "no job parked during a 3 s outage");
        for (WorkTarget pr : prs) {
            assertEquals(1, successes.get(pr.key()).get(), pr.key());
            int tries = attempts.get(pr.key()).get();
            assertTrue(tries >= 3 && tries <= 8, pr.key() + " backed off (tried " + tries + " times in 3 s)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aRateLimitDefersUntilTheResetWithoutAHotLoop(String store) throws Exception {
        JdbcWorkQueue queue = new JdbcWorkQueue(db(store).dataSource(), fast(), Clock.systemUTC());
        Map<String, List<Long>> calls = new ConcurrentHashMap<>();
        Map<String, Long> resets = new ConcurrentHashMap<>();
        worker(queue, target -> {
            long now = System.currentTimeMillis();
            calls.computeIfAbsent(target.key(), k -> new CopyOnWriteArrayList<>()).add(now);
            if (calls.get(target.key()).size() == 1) {
                long reset = now + 1500;
                resets.put(target.key(), reset);
                throw new RetryLaterException("403 x-ratelimit-remaining: 0", Instant.ofEpochMilli(reset), null);
            }
        }, "w1");
        List<WorkTarget> prs = List.of(WorkTarget.pullRequest(1, "acme/app", 1), WorkTarget.pullRequest(1, "acme/app", 2),
                WorkTarget.pullRequest(1, "acme/app", 3));
        queue.accept(delivery("d"), prs);
        Await.until(Duration.ofSeconds(10), "deferred work completes",
                () -> prs.stream().allMatch(t -> settled(queue, t.key())));
        for (WorkTarget pr : prs) {
            List<Long> times = calls.get(pr.key());
            assertEquals(2, times.size(), pr.key() + " ran once, deferred, then once more: " + times);
            assertTrue(times.get(1) >= resets.get(pr.key()), "not before the reset time");
            assertEquals(0, queue.row(pr.key()).get("attempts"));
        }
        assertEquals(0, queue.stats().parked());
    }

    /** A bug fails the same way every time: it is parked after a few attempts, not retried to the full budget. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void anUnexpectedFailureIsParkedAfterAFewAttempts(String store) throws Exception {
        JdbcWorkQueue queue = new JdbcWorkQueue(db(store).dataSource(), fast(), Clock.systemUTC());
        WorkTarget buggy = WorkTarget.pullRequest(1, "acme/app", 5);
        WorkTarget flaky = WorkTarget.pullRequest(1, "acme/app", 6);
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        worker(queue, target -> {
            int n = attempts.computeIfAbsent(target.key(), k -> new AtomicInteger()).incrementAndGet();
            if (target.equals(buggy)) {
                throw new IllegalStateException("a bug in the core");
            }
            if (n <= QueueWorker.UNEXPECTED_FAILURE_ATTEMPTS) {
                throw new RetryLaterException("GitHub answered 502", null, null);
            }
        }, "w1");
        queue.accept(delivery("d"), List.of(buggy, flaky));

        Await.until(Duration.ofSeconds(15), "the buggy job is parked", () -> queue.stats().parked() == 1);
        Await.until(Duration.ofSeconds(15), "the flaky job completes", () -> settled(queue, flaky.key()));
        assertEquals("parked", queue.row(buggy.key()).get("state"));
        assertEquals(QueueWorker.UNEXPECTED_FAILURE_ATTEMPTS, attempts.get(buggy.key()).get(), "attempts of the bug");
        assertEquals(QueueWorker.UNEXPECTED_FAILURE_ATTEMPTS + 1, attempts.get(flaky.key()).get(),
                "a GitHub failure keeps the full budget");
        assertTrue(queue.parked(10).get(0).lastError().contains("a bug in the core"), "the error says why");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aJobWhoseWorkerDiedRunsAfterItsLeaseExpires(String store) throws Exception {
        JdbcWorkQueue queue = new JdbcWorkQueue(db(store).dataSource(), fast().withLease(Duration.ofSeconds(1)),
                Clock.systemUTC());
        WorkTarget pr = WorkTarget.pullRequest(1, "acme/app", 9);
        queue.accept(delivery("d"), List.of(pr));
        long claimedAt = System.currentTimeMillis();
        ClaimedJob abandoned = queue.claim("killed-with-9", 1).get(0);
        assertEquals(pr, abandoned.target());
        List<Long> runs = new CopyOnWriteArrayList<>();
        worker(queue, target -> runs.add(System.currentTimeMillis()), "survivor");
        Await.until(Duration.ofSeconds(10), "the survivor takes the job", () -> settled(queue, pr.key()));
        assertEquals(1, runs.size());
        assertTrue(runs.get(0) - claimedAt >= 1000, "not before the lease expired");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void shutdownFinishesShortJobsAndReleasesLongOnes(String store) throws Exception {
        TestDatabases.Db db = db(store);
        JdbcWorkQueue queue = new JdbcWorkQueue(db.dataSource(), fast().withShutdownGrace(Duration.ofMillis(500)),
                Clock.systemUTC());
        WorkTarget quick = WorkTarget.pullRequest(1, "acme/app", 1);
        WorkTarget stuck = WorkTarget.pullRequest(1, "acme/app", 2);
        AtomicInteger started = new AtomicInteger();
        QueueWorker first = new QueueWorker(queue, target -> {
            started.incrementAndGet();
            sleep(target.equals(quick) ? 200 : 60_000);
        }, executor, "first", QueueMetrics.none());
        first.start();
        queue.accept(delivery("d"), List.of(quick, stuck));
        Await.until(Duration.ofSeconds(5), "both started", () -> started.get() == 2);
        first.close();
        assertTrue(settled(queue, quick.key()), "the short job finished during the grace period");
        Map<String, Object> released = queue.row(stuck.key());
        assertEquals("pending", released.get("state"), "the long job was released, not left leased");
        assertEquals(0, released.get("attempts"), "a release does not spend an attempt");

        List<WorkTarget> second = new CopyOnWriteArrayList<>();
        worker(new JdbcWorkQueue(db.pool(), fast(), Clock.systemUTC()), second::add, "second");
        Await.until(Duration.ofSeconds(5), "another replica takes the released job at once", () -> settled(queue, stuck.key()));
        assertEquals(List.of(stuck), second);
    }

    @org.junit.jupiter.api.Test
    void aJobLeavesNoLogKeysOnItsThread() throws Exception {
        JdbcWorkQueue queue = new JdbcWorkQueue(db("h2").dataSource(), fast(), Clock.systemUTC());
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
        }, one, "w1", QueueMetrics.none());
        open.add(worker);
        open.add(one::shutdownNow);
        worker.start();
        queue.accept(delivery("d1"), List.of(first));
        Await.until(Duration.ofSeconds(10), "the first job ran", () -> settled(queue, first.key()));
        queue.accept(delivery("d2"), List.of(second));
        Await.until(Duration.ofSeconds(10), "the second job ran", () -> settled(queue, second.key()));

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
        JdbcWorkQueue queue = new JdbcWorkQueue(db(store).dataSource(), fast(), Clock.systemUTC());
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
                QueueMetrics.none());
        open.add(worker);
        worker.start();
        WorkTarget pr = WorkTarget.pullRequest(1, "acme/app", 1);
        queue.accept(delivery("d1"), List.of(pr));
        Await.until(Duration.ofSeconds(10), "the job ran", () -> settled(queue, pr.key()));
        Await.until(Duration.ofSeconds(5), "the finished job is no longer in flight (" + worker.inFlight() + " are)",
                () -> worker.inFlight() == 0);
        assertEquals(1, runs.get());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
