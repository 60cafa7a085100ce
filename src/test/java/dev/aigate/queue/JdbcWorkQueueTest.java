package dev.aigate.queue;

import dev.aigate.store.TestDatabases;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.stream.Collectors;
import java.sql.Connection;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue's state machine, step by step under a hand-moved clock, on both stores. */
class JdbcWorkQueueTest {

    private static final WorkTarget PR = WorkTarget.pullRequest(7, "acme/app", 12);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path temp;

    private final MutableClock clock = new MutableClock(T0);

    private JdbcWorkQueue queue(TestDatabases.Db db) {
        QueueSettings settings = QueueSettings.defaults()
                .withCoalesceWindow(Duration.ofSeconds(2))
                .withLease(Duration.ofSeconds(30))
                .withRetries(3, Duration.ofSeconds(10), Duration.ofMinutes(5));
        return new JdbcWorkQueue(db.dataSource(), settings, clock);
    }

    private static InboundDelivery delivery(String id) {
        return new InboundDelivery(id, "pull_request", "synchronize", 7, T0, 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void everyGroupCommitIsMeasured(String store) throws Exception {
        try (var db = TestDatabases.open(store, temp)) {
            JdbcWorkQueue queue = queue(db);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            queue.observeCommits(QueueMetrics.groupCommits(registry));
            List<CompletableFuture<Boolean>> accepted = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                accepted.add(queue.acceptAsync(delivery("m-" + i), List.of(PR), List.of()));
            }
            for (CompletableFuture<Boolean> f : accepted) {
                assertTrue(f.get(30, TimeUnit.SECONDS));
            }
            assertTrue(queue.accept(delivery("m-5"), List.of(PR)));

            Timer commits = registry.get("aigate.queue.group.commit").timer();
            DistributionSummary batches = registry.get("aigate.queue.group.commit.batch").summary();
            assertEquals(6.0, batches.totalAmount(), "every delivery is counted in the commit that held it");
            assertEquals(batches.count(), commits.count(), "one commit time per batch");
            assertEquals(commits.count(), registry.get("aigate.queue.group.gather").timer().count());
            assertTrue(commits.count() >= 2 && commits.count() <= 6, "commits: " + commits.count());
            assertTrue(commits.totalTime(TimeUnit.NANOSECONDS) > 0, "a durable commit takes time");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void repeatedDeliveryIdIsAcceptedOnce(String store) throws Exception {
        try (var db = TestDatabases.open(store, temp)) {
            JdbcWorkQueue queue = queue(db);
            assertTrue(queue.accept(delivery("d-1"), List.of(PR)));
            assertFalse(queue.accept(delivery("d-1"), List.of(PR)), "a redelivery with the same GUID is a duplicate");
            assertEquals(1L, queue.row(PR.key()).get("generation"), "the duplicate enqueued nothing");
            assertTrue(queue.hasDelivery("d-1"));
            assertTrue(queue.accept(delivery("d-2"), List.of()), "a delivery with no targets is still recorded");
            assertFalse(queue.accept(delivery("d-2"), List.of(PR)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void pendingEventsCoalesceAndAMidRunEventTriggersExactlyOneMore(String store) throws Exception {
        try (var db = TestDatabases.open(store, temp)) {
            JdbcWorkQueue queue = queue(db);
            for (int i = 0; i < 30; i++) {
                queue.accept(delivery("burst-" + i), List.of(PR, WorkTarget.pullRequest(7, "acme/app", 12)));
            }
            List<ClaimedJob> first = queue.claim("a", 10);
            assertEquals(1, first.size(), "thirty pending events are one job");
            assertEquals(30, first.get(0).generation());
            assertEquals(List.of(), queue.claim("b", 10), "a running key is not claimed twice");

            for (int i = 0; i < 5; i++) {
                queue.accept(delivery("mid-" + i), List.of(PR));
            }
            assertTrue(queue.complete(first.get(0)));
            assertEquals("pending", queue.row(PR.key()).get("state"));
            assertEquals(List.of(), queue.claim("a", 10), "the follow-up waits out the coalescing window");

            clock.advance(Duration.ofSeconds(2));
            List<ClaimedJob> second = queue.claim("a", 10);
            assertEquals(1, second.size(), "five mid-run events make exactly one more run");
            assertEquals(35, second.get(0).generation());
            assertTrue(queue.complete(second.get(0)));
            assertEquals("idle", queue.row(PR.key()).get("state"));
            clock.advance(Duration.ofSeconds(10));
            assertEquals(List.of(), queue.claim("a", 10), "nothing more to do");

            queue.enqueue(List.of(PR));
            assertEquals(1, queue.claim("a", 10).size(), "a later event runs at once when the window has passed");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void expiredLeaseIsReclaimedAndTheDeadWorkersUpdatesAreIgnored(String store) throws Exception {
        try (var db = TestDatabases.open(store, temp)) {
            JdbcWorkQueue queue = queue(db);
            queue.enqueue(List.of(PR));
            ClaimedJob dead = queue.claim("crashed", 1).get(0);
            clock.advance(Duration.ofSeconds(29));
            assertEquals(List.of(), queue.claim("other", 1), "the lease still holds");
            clock.advance(Duration.ofSeconds(2));
            List<ClaimedJob> taken = queue.claim("other", 1);
            assertEquals(1, taken.size(), "an expired lease is free for another replica");
            assertEquals(2, taken.get(0).attempt(), "the crash counts as an attempt");
            assertFalse(queue.complete(dead), "the crashed worker's late completion is ignored");
            assertFalse(queue.heartbeat(dead));
            assertTrue(queue.heartbeat(taken.get(0)));
            assertTrue(queue.complete(taken.get(0)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void failuresBackOffThenParkAndCanBeRetried(String store) throws Exception {
        try (var db = TestDatabases.open(store, temp)) {
            JdbcWorkQueue queue = queue(db);
            queue.enqueue(List.of(PR));
            for (int attempt = 1; attempt <= 3; attempt++) {
                ClaimedJob job = queue.claim("w", 1).get(0);
                assertEquals(attempt, job.attempt());
                String state = queue.fail(job, "HTTP 502").orElseThrow();
                assertEquals(attempt < 3 ? "pending" : "parked", state);
                if (attempt < 3) {
                    assertEquals(List.of(), queue.claim("w", 1), "backing off");
                    clock.advance(Duration.ofSeconds(10L << (attempt - 1)));
                }
            }
            clock.advance(Duration.ofHours(1));
            assertEquals(List.of(), queue.claim("w", 1), "a parked job is not claimed");
            assertEquals(1, queue.stats().parked());
            List<ParkedJob> parked = queue.parked(10);
            assertEquals(PR, parked.get(0).target());
            assertEquals(3, parked.get(0).attempts());
            assertEquals("HTTP 502", parked.get(0).lastError());

            assertTrue(queue.retryParked(PR.key()));
            ClaimedJob retried = queue.claim("w", 1).get(0);
            assertEquals(1, retried.attempt(), "a retried job gets a fresh budget");
            queue.fail(retried, "again");
            clock.advance(Duration.ofMinutes(1));
            queue.fail(queue.claim("w", 1).get(0), "again");
            clock.advance(Duration.ofMinutes(1));
            assertEquals("parked", queue.fail(queue.claim("w", 1).get(0), "again").orElseThrow());

            queue.accept(delivery("revive"), List.of(PR));
            assertEquals(List.of(), queue.claim("w", 1), "revived, but no sooner than a window after the last start");
            clock.advance(Duration.ofSeconds(2));
            ClaimedJob revived = queue.claim("w", 1).get(0);
            assertEquals(1, revived.attempt(), "a new event revives a parked key with a fresh budget");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void rateLimitDefersWithoutSpendingAttemptsAndHoldsBackTheInstallation(String store) throws Exception {
        try (var db = TestDatabases.open(store, temp)) {
            JdbcWorkQueue queue = queue(db);
            WorkTarget sibling = WorkTarget.pullRequest(7, "acme/app", 13);
            WorkTarget otherInstallation = WorkTarget.pullRequest(8, "other/app", 1);
            queue.enqueue(List.of(PR));
            ClaimedJob job = queue.claim("w", 1).get(0);
            queue.enqueue(List.of(sibling, otherInstallation));
            assertTrue(queue.defer(job, T0.plusSeconds(60), "secondary rate limit"));
            assertEquals(0, queue.row(PR.key()).get("attempts"));
            assertEquals(1, queue.row(PR.key()).get("deferrals"));

            List<ClaimedJob> now = queue.claim("w", 10);
            assertEquals(List.of(otherInstallation), now.stream().map(ClaimedJob::target).toList(),
                    "the same installation's other work waits for the reset too");
            assertTrue(queue.complete(now.get(0)));
            clock.advance(Duration.ofSeconds(59));
            assertEquals(List.of(), queue.claim("w", 10));
            clock.advance(Duration.ofSeconds(1));
            assertEquals(List.of(PR, sibling), queue.claim("w", 10).stream().map(ClaimedJob::target)
                    .sorted(java.util.Comparator.comparing(WorkTarget::key)).toList());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void releaseAtShutdownDoesNotCountAnAttemptAndStatsSeeTheAge(String store) throws Exception {
        try (var db = TestDatabases.open(store, temp)) {
            JdbcWorkQueue queue = queue(db);
            queue.enqueue(List.of(PR, WorkTarget.repository(7, "acme/app"), WorkTarget.commit(7, "acme/app", "abc")));
            clock.advance(Duration.ofSeconds(5));
            ClaimedJob job = queue.claim("w", 1).get(0);
            QueueStats stats = queue.stats();
            assertEquals(2, stats.pending());
            assertEquals(1, stats.running());
            assertEquals(3, stats.depth());
            assertEquals(Duration.ofSeconds(5), stats.oldestPending());
            assertTrue(queue.release(job));
            assertEquals(0, queue.row(job.key()).get("attempts"));
            assertEquals(1, queue.claim("w", 1).stream().filter(j -> j.key().equals(job.key())).count()
                    + queue.claim("w", 5).stream().filter(j -> j.key().equals(job.key())).count());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void concurrentAcceptsShareCommitsYetEachDuplicateIsCaught(String store) throws Exception {
        try (var db = TestDatabases.open(store, temp)) {
            JdbcWorkQueue queue = queue(db);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
            java.util.concurrent.atomic.AtomicInteger fresh = new java.util.concurrent.atomic.AtomicInteger();
            List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
            for (int copy = 0; copy < 4; copy++) {
                for (int i = 0; i < 100; i++) {
                    String id = "d-" + i;
                    WorkTarget target = WorkTarget.pullRequest(7, "acme/app", i % 10);
                    futures.add(pool.submit(() -> {
                        if (queue.accept(delivery(id), List.of(target))) {
                            fresh.incrementAndGet();
                        }
                    }));
                }
            }
            for (var f : futures) {
                f.get();
            }
            pool.shutdown();
            assertEquals(100, fresh.get(), "each of 100 ids accepted once out of 400 concurrent attempts");
            for (int n = 0; n < 10; n++) {
                assertEquals(10L, queue.row("acme/app#" + n).get("generation"), "every fresh delivery counted once");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void everyKindOfTargetComesBackFromTheStoreAsTheVariantItWas(String store) throws Exception {
        try (var db = TestDatabases.open(store, temp)) {
            JdbcWorkQueue queue = queue(db);
            List<WorkTarget> all = List.of(PR, WorkTarget.commit(7, "acme/app", "abc"),
                    WorkTarget.repository(7, "acme/app"), WorkTarget.installation(7));
            queue.enqueue(all);
            clock.advance(Duration.ofSeconds(1));
            assertEquals(Set.copyOf(all), queue.claim("w", 10).stream().map(ClaimedJob::target).collect(Collectors.toSet()));
        }
    }

    /** Rows as a previous release wrote them (the whole installation as repository "*") read as what they meant. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void rowsOfThePreviousReleaseAreReadAsTheVariantsTheyMeant(String store) throws Exception {
        try (var db = TestDatabases.open(store, temp)) {
            JdbcWorkQueue queue = queue(db);
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                String columns = "INSERT INTO aigate_work (job_key, installation_id, repo, pr_number, head_sha, state,"
                        + " generation, claimed_generation, run_after, attempts, deferrals, pending_since, updated_at) VALUES ";
                long t = T0.toEpochMilli();
                s.executeUpdate(columns + "('acme/app#12', 7, 'acme/app', 12, NULL, 'pending', 1, 0, " + t + ", 0, 0, " + t + ", " + t + ")");
                s.executeUpdate(columns + "('acme/app@abc', 7, 'acme/app', NULL, 'abc', 'pending', 1, 0, " + t + ", 0, 0, " + t + ", " + t + ")");
                s.executeUpdate(columns + "('acme/app', 7, 'acme/app', NULL, NULL, 'pending', 1, 0, " + t + ", 0, 0, " + t + ", " + t + ")");
                s.executeUpdate(columns + "('*', 9, '*', NULL, NULL, 'pending', 1, 0, " + t + ", 0, 0, " + t + ", " + t + ")");
            }
            clock.advance(Duration.ofSeconds(1));
            List<ClaimedJob> jobs = queue.claim("w", 10);
            assertEquals(Set.of(PR, WorkTarget.commit(7, "acme/app", "abc"), WorkTarget.repository(7, "acme/app"),
                    WorkTarget.installation(9)), jobs.stream().map(ClaimedJob::target).collect(Collectors.toSet()));
            for (ClaimedJob job : jobs) {
                assertTrue(queue.complete(job), "the lease of " + job.key() + " is found under its stored key");
            }
            assertEquals("*", jobs.stream().filter(j -> j.target() instanceof WorkTarget.Installation).findFirst()
                    .orElseThrow().key(), "the old whole-installation row runs under the key it was stored with");
            // A new organisation-policy event is keyed by its installation; the old row, done, is not reused.
            queue.enqueue(List.of(WorkTarget.installation(9)));
            assertEquals(1L, queue.row("*:9").get("generation"));
            assertEquals("idle", queue.row("*").get("state"));
        }
    }

    /**
     * Regression: every whole-installation target was keyed {@code *}, so a second organisation's policy change
     * coalesced into the first's row, overwrote its installation id, and the first organisation was never
     * re-evaluated.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void twoInstallationsWholeInstallationWorkIsTwoJobs(String store) throws Exception {
        try (var db = TestDatabases.open(store, temp)) {
            JdbcWorkQueue queue = queue(db);
            queue.enqueue(List.of(WorkTarget.installation(7)));
            queue.enqueue(List.of(WorkTarget.installation(9)));
            clock.advance(Duration.ofSeconds(1));
            assertEquals(Set.of(WorkTarget.installation(7), WorkTarget.installation(9)),
                    queue.claim("w", 10).stream().map(ClaimedJob::target).collect(Collectors.toSet()));
        }
    }
}
