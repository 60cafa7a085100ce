package dev.aigate.queue;

import dev.aigate.store.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ingress through the journal on the real embedded store: answers, duplicates, the store catching up, closing. */
class JournaledIngressTest {

    private static final WorkTarget PR = WorkTarget.pullRequest(7, "acme/app", 12);

    @TempDir
    Path temp;

    private static InboundDelivery delivery(String id) {
        return new InboundDelivery(id, "pull_request", "synchronize", 7, Instant.now(), 2);
    }

    /** A queue journaling into {@code dir}: every batch that can be when {@code always}, else only under load. */
    private static JdbcWorkQueue journaled(TestDatabases.Db db, Path dir, boolean always) {
        return new JdbcWorkQueue(db.dataSource(), QueueSettings.defaults(), Clock.systemUTC(), dir, always);
    }

    /** Counts journal appends and store commits. */
    private static final class Counting implements GroupCommitter.CommitObserver {
        final AtomicInteger journaled = new AtomicInteger();
        final AtomicInteger committed = new AtomicInteger();

        @Override
        public void committed(int entries, long gatherNanos, long commitNanos) {
            committed.addAndGet(entries);
        }

        @Override
        public void journaled(int entries, long nanos) {
            journaled.addAndGet(entries);
        }
    }

    @Test
    void aRepeatIsADuplicateWhileItsFirstIsOnlyJournaledAndAfterItIsInTheStore() throws Exception {
        try (TestDatabases.Db db = TestDatabases.h2(temp)) {
            JdbcWorkQueue queue = journaled(db, temp.resolve("journal"), true);
            Counting counts = new Counting();
            queue.observeCommits(counts);
            assertTrue(queue.accept(delivery("seed"), List.of(PR)));
            assertTrue(queue.awaitIngress(Duration.ofSeconds(30)));
            try (Connection lock = db.dataSource().getConnection()) {
                // Hold the pull request's work row, so the applier cannot move the next delivery into the store.
                lock.setAutoCommit(false);
                try (Statement s = lock.createStatement()) {
                    assertEquals(1, s.executeUpdate("UPDATE aigate_work SET updated_at = updated_at WHERE job_key = '"
                            + PR.key() + "'"));
                }
                assertTrue(queue.accept(delivery("d-1"), List.of(PR)), "answered from the journal");
                assertFalse(queue.accept(delivery("d-1"), List.of(PR)), "a repeat while the first is only journaled");
                assertTrue(queue.hasDelivery("d-1"), "the delivery sweep sees it as accepted");
                assertFalse(queue.awaitIngress(Duration.ofMillis(100)), "the store has not got it yet");
                assertFalse(deliveryStored(db, "d-1"));
                assertEquals(1, queue.journalBacklog());
                lock.rollback();
            }
            assertTrue(queue.awaitIngress(Duration.ofSeconds(30)));
            assertTrue(deliveryStored(db, "d-1"));
            assertFalse(queue.accept(delivery("d-1"), List.of(PR)), "a repeat once the first is in the store");
            assertEquals(2L, queue.row(PR.key()).get("generation"), "two deliveries, two events");
            assertEquals(2, counts.journaled.get(), "seed and d-1 went through the journal");
            queue.close();
        }
    }

    @Test
    void concurrentDeliveriesWithRepeatsAreEachCountedOnceWhicheverPathTheyTake() throws Exception {
        try (TestDatabases.Db db = TestDatabases.h2(temp)) {
            JdbcWorkQueue queue = journaled(db, temp.resolve("journal"), false);
            Counting counts = new Counting();
            queue.observeCommits(counts);
            int distinct = 2_000;
            ExecutorService senders = Executors.newFixedThreadPool(16);
            List<CompletableFuture<Boolean>> answers = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            try {
                for (int i = 0; i < distinct * 3 / 2; i++) {
                    // Every third delivery repeats one sent a little earlier, as GitHub's redeliveries would.
                    String id = i % 3 == 2 ? "d-" + (i / 3) : "d-" + i;
                    int pr = Math.floorMod(id.hashCode(), 20) + 1;
                    ids.add(id);
                    answers.add(CompletableFuture.supplyAsync(() -> queue.accept(delivery(id),
                            List.of(WorkTarget.pullRequest(7, "acme/app", pr))), senders));
                }
                Map<String, Integer> fresh = new HashMap<>();
                for (int i = 0; i < answers.size(); i++) {
                    fresh.merge(ids.get(i), answers.get(i).get(60, TimeUnit.SECONDS) ? 1 : 0, Integer::sum);
                }
                assertTrue(fresh.values().stream().allMatch(n -> n == 1), "exactly one answer per id is 'new'");
                assertTrue(queue.awaitIngress(Duration.ofSeconds(30)));
                Map<String, Integer> perKey = new HashMap<>();
                fresh.keySet().forEach(id -> perKey.merge("acme/app#" + (Math.floorMod(id.hashCode(), 20) + 1), 1, Integer::sum));
                for (Map.Entry<String, Integer> e : perKey.entrySet()) {
                    assertEquals((long) e.getValue(), queue.row(e.getKey()).get("generation"), e.getKey());
                }
                assertEquals(fresh.size(), count(db, "SELECT COUNT(*) FROM aigate_delivery"));
                assertTrue(counts.journaled.get() > 0, "under this load some batches were journaled");
                System.out.printf("%d deliveries (%d distinct): %d journaled, %d committed to the store%n",
                        ids.size(), fresh.size(), counts.journaled.get(), counts.committed.get());
            } finally {
                senders.shutdownNow();
                queue.close();
            }
        }
    }

    @Test
    void closingMovesEverythingIntoTheStoreAndLeavesNoJournalBehind() throws Exception {
        try (TestDatabases.Db db = TestDatabases.h2(temp)) {
            Path dir = temp.resolve("journal");
            JdbcWorkQueue queue = journaled(db, dir, true);
            List<CompletableFuture<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                answers.add(queue.acceptAsync(delivery("c-" + i), List.of(PR), List.of()));
            }
            for (CompletableFuture<Boolean> a : answers) {
                assertTrue(a.get(30, TimeUnit.SECONDS));
            }
            queue.close();
            assertEquals(200, count(db, "SELECT COUNT(*) FROM aigate_delivery"));
            assertEquals(List.of(), new IngressJournal(dir).segments());
            assertTrue(queue.accept(delivery("after-close"), List.of(PR)), "a closing queue still commits, directly");
            assertEquals(List.of(), new IngressJournal(dir).segments());
            assertEquals(201, count(db, "SELECT COUNT(*) FROM aigate_delivery"));
        }
    }

    private static boolean deliveryStored(TestDatabases.Db db, String id) throws Exception {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM aigate_delivery WHERE delivery_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static long count(TestDatabases.Db db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
