package dev.aigate.queue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.aigate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The applier on its own, over a real journal and a store that can be made to fail. */
class JournalApplierTest {

    @TempDir
    Path dir;

    private static IngressJournal.Entry entry(String id) {
        return new IngressJournal.Entry(new InboundDelivery(id, "pull_request", "synchronize", 7, Instant.EPOCH, 1),
                List.of(WorkTarget.pullRequest(7, "acme/app", 1)));
    }

    @Test
    void aStoreThatFailsKeepsTheEntriesPendingAndTheyAreAppliedOnceItRecovers() throws Exception {
        AtomicBoolean failing = new AtomicBoolean(true);
        AtomicInteger attempts = new AtomicInteger();
        List<String> stored = new CopyOnWriteArrayList<>();
        AtomicInteger wakes = new AtomicInteger();
        CountDownLatch never = new CountDownLatch(1);
        IngressJournal journal = new IngressJournal(dir);
        JournalApplier applier = new JournalApplier(journal, entries -> {
            attempts.incrementAndGet();
            if (failing.get()) {
                throw new SQLException("the store is down", "08006");
            }
            entries.forEach(e -> stored.add(e.delivery().deliveryId()));
        }, () -> {
            try {
                // A slow wake widens the window in which awaitApplied() could return before the workers are woken.
                never.await(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            wakes.incrementAndGet();
        });

        applier.journal(List.of(entry("a"), entry("b")));
        eventually("the applier has tried").until(() -> attempts.get() >= 2);
        assertTrue(applier.isPending("a") && applier.isPending("b"), "not in the store, so still pending");
        assertEquals(2, applier.backlog());
        assertFalse(applier.awaitApplied(TimeUnit.MILLISECONDS.toNanos(50)));
        assertEquals(0, wakes.get(), "no work to wake for while none is in the store");

        failing.set(false);
        assertTrue(applier.awaitApplied(TimeUnit.SECONDS.toNanos(30)));
        assertEquals(List.of("a", "b"), stored, "each once, in order");
        assertFalse(applier.isPending("a"));
        assertEquals(0, applier.backlog());
        assertEquals(1, wakes.get(), "applied means the workers have been woken for it");
    }

    @Test
    void pastTheBacklogBoundOrWhileClosingThereIsNoRoom() throws Exception {
        AtomicBoolean hold = new AtomicBoolean(true);
        JournalApplier applier = new JournalApplier(new IngressJournal(dir), entries -> {
            if (hold.get()) {
                throw new SQLException("held");
            }
        }, () -> { });
        List<IngressJournal.Entry> many = new ArrayList<>();
        for (int i = 0; i < JournalApplier.MAX_BACKLOG - 1; i++) {
            many.add(entry("d-" + i));
        }
        assertTrue(applier.hasRoom(many.size()));
        applier.journal(many);
        assertTrue(applier.hasRoom(1));
        assertFalse(applier.hasRoom(2), "a store that takes nothing is not hidden behind an ever longer journal");

        hold.set(false);
        assertTrue(applier.awaitApplied(TimeUnit.SECONDS.toNanos(30)));
        assertTrue(applier.hasRoom(2));
        applier.close(TimeUnit.SECONDS.toNanos(5));
        assertFalse(applier.hasRoom(1), "a closing queue commits to the store directly");
        assertEquals(List.of(), new IngressJournal(dir).segments(), "applied and closed: nothing left");
    }

    @Test
    void whatAPreviousProcessLeftIsAppliedOnceAndDeleted() throws Exception {
        try (IngressJournal left = new IngressJournal(dir)) {
            left.append(List.of(entry("a"), entry("b")));
            left.append(List.of(entry("c")));
        }
        List<String> stored = new ArrayList<>();
        JournalApplier applier = new JournalApplier(new IngressJournal(dir),
                entries -> entries.forEach(e -> stored.add(e.delivery().deliveryId())), () -> { });
        assertEquals(3, applier.replay());
        assertEquals(List.of("a", "b", "c"), stored);
        assertEquals(List.of(), new IngressJournal(dir).segments());
    }
}
