package dev.aigate.queue;

import dev.aigate.store.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.aigate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas (two queues, two workers, two connection pools) on one database, fed the same 500 deliveries
 * for 50 pull requests through both: each delivery is accepted once, no PR runs in both replicas at once, every
 * coalesced state runs exactly once (claimed generations strictly increase), and the last run of every PR covers
 * its newest event.
 */
class TwoReplicasTest {

    private static final int PRS = 50;
    private static final int DELIVERIES = 500;

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "h2"})
    void twoReplicasShareTheWorkWithoutDoubleRunsOrLosses(String store) throws Exception {
        QueueSettings settings = QueueSettings.defaults()
                .withConcurrency(4)
                .withCoalesceWindow(Duration.ofMillis(50))
                .withPollInterval(Duration.ofMillis(50))
                .withLease(Duration.ofSeconds(10));
        ExecutorService executor = Executors.newCachedThreadPool();
        try (TestDatabases.Db db = TestDatabases.open(store, temp)) {
            JdbcWorkQueue replicaA = new JdbcWorkQueue(db.pool(), settings, Clock.systemUTC());
            JdbcWorkQueue replicaB = new JdbcWorkQueue(db.pool(), settings, Clock.systemUTC());

            Map<String, String> runningNow = new ConcurrentHashMap<>();
            AtomicInteger overlaps = new AtomicInteger();
            Map<String, List<Long>> coveredGenerations = new ConcurrentHashMap<>();
            Map<String, AtomicInteger> runsByReplica = new ConcurrentHashMap<>();
            WorkHandler handlerA = handler("A", replicaA, runningNow, overlaps, coveredGenerations, runsByReplica);
            WorkHandler handlerB = handler("B", replicaB, runningNow, overlaps, coveredGenerations, runsByReplica);

            try (QueueWorker a = new QueueWorker(replicaA, handlerA, executor, "A", QueueMetrics.none());
                 QueueWorker b = new QueueWorker(replicaB, handlerB, executor, "B", QueueMetrics.none())) {
                a.start();
                b.start();

                List<Runnable> feeds = new ArrayList<>();
                AtomicInteger accepted = new AtomicInteger();
                Map<String, AtomicInteger> acceptedPerPr = new ConcurrentHashMap<>();
                for (int i = 0; i < DELIVERIES; i++) {
                    WorkTarget pr = WorkTarget.pullRequest(1, "acme/app", 1 + i % PRS);
                    InboundDelivery delivery = new InboundDelivery("delivery-" + i, "pull_request", "synchronize", 1,
                            Instant.now(), 0);
                    for (JdbcWorkQueue replica : List.of(replicaA, replicaB)) {
                        feeds.add(() -> {
                            if (replica.accept(delivery, List.of(pr))) {
                                accepted.incrementAndGet();
                                acceptedPerPr.computeIfAbsent(pr.key(), k -> new AtomicInteger()).incrementAndGet();
                            }
                        });
                    }
                }
                Collections.shuffle(feeds, new Random(42));
                ExecutorService feeders = Executors.newFixedThreadPool(8);
                List<Future<?>> done = new ArrayList<>();
                for (Runnable feed : feeds) {
                    done.add(feeders.submit(feed));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                feeders.shutdown();
                assertEquals(DELIVERIES, accepted.get(), "every delivery accepted exactly once across both replicas");

                eventually("all work settles").until(() -> replicaA.stats().depth() == 0);
            }

            assertEquals(0, overlaps.get(), "no PR ran in two places at once");
            assertEquals(PRS, coveredGenerations.size(), "every PR was evaluated");
            int totalRuns = 0;
            for (Map.Entry<String, List<Long>> e : coveredGenerations.entrySet()) {
                List<Long> generations = e.getValue();
                for (int i = 1; i < generations.size(); i++) {
                    assertTrue(generations.get(i) > generations.get(i - 1),
                            e.getKey() + " ran twice for one coalesced state: " + generations);
                }
                assertEquals(DELIVERIES / PRS, generations.get(generations.size() - 1),
                        e.getKey() + "'s last run covers its newest event");
                Map<String, Object> row = replicaA.row(e.getKey());
                assertEquals("idle", row.get("state"));
                totalRuns += generations.size();
            }
            assertTrue(totalRuns < DELIVERIES, "coalescing saved work: " + totalRuns + " runs for " + DELIVERIES);
            assertTrue(runsByReplica.size() == 2, "both replicas worked: " + runsByReplica);
        } finally {
            executor.shutdownNow();
        }
    }

    private static WorkHandler handler(String name, JdbcWorkQueue queue, Map<String, String> runningNow,
                                       AtomicInteger overlaps, Map<String, List<Long>> covered,
                                       Map<String, AtomicInteger> runsByReplica) {
        return target -> {
            String key = target.key();
            if (runningNow.putIfAbsent(key, name) != null) {
                overlaps.incrementAndGet();
            }
            try {
                // While we hold the lease, the row's claimed generation is the state this run covers.
                long generation = (Long) queue.row(key).get("claimed_generation");
                covered.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(generation);
                runsByReplica.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                Thread.sleep(ThreadLocalRandom.current().nextInt(2, 10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                runningNow.remove(key, name);
            }
        };
    }
}
