package dev.aigate.queue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves journaled deliveries ({@link IngressJournal}) into the store on a thread of its own, many in one
 * transaction: under load at most one transaction every {@link #APPLY_INTERVAL_NANOS}, on a quiet server at once.
 * Until an entry is applied its delivery id is {@link #isPending pending}, which is how a repeated delivery is told
 * apart before the store has it. A failed transaction is retried (the entries stay in memory and in the journal);
 * nothing is dropped. Past {@link #MAX_BACKLOG} unapplied entries the committer stops journaling and commits to the
 * store directly, so a store that cannot take writes is answered with 503s rather than an ever longer journal.
 */
final class JournalApplier {

    private static final Logger LOG = LoggerFactory.getLogger(JournalApplier.class);
    /**
     * Under load, transactions start at least this far apart, so each carries the deliveries of that time. Every H2
     * commit rewrites the leaves it touches and their paths, and the work table's few hot leaves are touched by
     * nearly every batch: at 3,700 deliveries a second 100 ms used about 20 % less server CPU a delivery than 20 ms
     * ({@code docs/performance.md}). The cost is that, under load only, work reaches the workers up to this much later,
     * well inside the queue's coalescing window.
     */
    static final long APPLY_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final int MAX_BACKLOG = 50_000;
    private static final int MAX_APPLY = 4_000;
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Writes entries into the store in one transaction. */
    interface Store {
        void apply(List<IngressJournal.Entry> entries) throws SQLException;
    }

    private record Sequenced(IngressJournal.Entry entry, long sequence) {
    }

    private final IngressJournal journal;
    private final Store store;
    private final Runnable wake;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<Sequenced> queue = new LinkedBlockingQueue<>();
    private final Object progress = new Object();
    private volatile long journaled;
    private volatile long applied;
    private volatile boolean stopping;
    private Thread thread;

    JournalApplier(IngressJournal journal, Store store, Runnable wake) {
        this.journal = journal;
        this.store = store;
        this.wake = wake;
        this.journaled = journal.nextSequence() - 1;
        this.applied = journaled;
    }

    /**
     * Applies what a previous process left in the journal, then deletes it; returns how many entries were read
     * (those already in the store add nothing). Called once, before the first append.
     */
    int replay() throws IOException, SQLException {
        List<Path> segments = journal.segments();
        int read = 0;
        for (Path segment : segments) {
            List<IngressJournal.Entry> entries = IngressJournal.read(segment);
            for (int from = 0; from < entries.size(); from += MAX_APPLY) {
                store.apply(entries.subList(from, Math.min(entries.size(), from + MAX_APPLY)));
            }
            read += entries.size();
        }
        journal.deleteReplayed(segments);
        return read;
    }

    /** True while {@code deliveryId} is journaled and not yet in the store. */
    boolean isPending(String deliveryId) {
        return pending.contains(deliveryId);
    }

    /** Entries journaled and not yet in the store. */
    int backlog() {
        return pending.size();
    }

    /** Whether the committer may journal {@code entries} more (false past {@link #MAX_BACKLOG}, or when closing). */
    boolean hasRoom(int entries) {
        return !stopping && pending.size() + entries <= MAX_BACKLOG;
    }

    /** Whether entries are journaled and not yet applied. */
    boolean busy() {
        return applied < journaled;
    }

    /**
     * Appends fresh entries to the journal (called on the committer thread only) and queues them to be applied.
     * Their ids are pending before the append, so a repeat that arrives in the next batch is seen as one.
     */
    void journal(List<IngressJournal.Entry> entries) throws IOException {
        for (IngressJournal.Entry e : entries) {
            pending.add(e.delivery().deliveryId());
        }
        long last;
        try {
            last = journal.append(entries);
        } catch (IOException | RuntimeException e) {
            for (IngressJournal.Entry entry : entries) {
                pending.remove(entry.delivery().deliveryId());
            }
            throw e;
        }
        long first = last - entries.size() + 1;
        for (int i = 0; i < entries.size(); i++) {
            queue.add(new Sequenced(entries.get(i), first + i));
        }
        journaled = last;
        ensureThread();
    }

    /**
     * Waits until every entry journaled before this call is in the store, at most {@code nanos}; true when it is.
     * Reads that must see accepted work (a row, a backup) call this first.
     */
    boolean awaitApplied(long nanos) {
        long target = journaled;
        long deadline = System.nanoTime() + nanos;
        synchronized (progress) {
            while (applied < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Stops journaling, applies what is left (for up to {@code nanos}) and closes the journal, deleting the
     * segments that are applied. What could not be applied stays in the journal for the next start.
     */
    void close(long nanos) throws IOException {
        stopping = true;
        if (!awaitApplied(nanos)) {
            LOG.warn("{} journaled deliveries are not in the store yet; they are replayed at the next start", backlog());
        }
        journal.close(applied);
    }

    private synchronized void ensureThread() {
        if (thread == null || !thread.isAlive()) {
            thread = new Thread(this::applyLoop, "aigate-inbox-applier");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void applyLoop() {
        List<Sequenced> batch = new ArrayList<>();
        long lastStart = System.nanoTime() - APPLY_INTERVAL_NANOS;
        while (true) {
            try {
                if (batch.isEmpty()) {
                    batch.add(queue.take());
                }
                long wait = lastStart + APPLY_INTERVAL_NANOS - System.nanoTime();
                if (wait > 0 && !stopping) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                queue.drainTo(batch, MAX_APPLY - batch.size());
                lastStart = System.nanoTime();
                if (applyOnce(batch)) {
                    batch.clear();
                } else {
                    TimeUnit.NANOSECONDS.sleep(RETRY_NANOS);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One transaction for {@code batch}; false (and logged) when the store did not take it. */
    private boolean applyOnce(List<Sequenced> batch) {
        List<IngressJournal.Entry> entries = new ArrayList<>(batch.size());
        for (Sequenced s : batch) {
            entries.add(s.entry());
        }
        try {
            store.apply(entries);
        } catch (SQLException | RuntimeException e) {
            LOG.error("could not move {} journaled deliveries into the store (retrying; they are safe in the"
                    + " journal): {}", entries.size(), e.toString());
            return false;
        }
        for (IngressJournal.Entry e : entries) {
            pending.remove(e.delivery().deliveryId());
        }
        long last = batch.get(batch.size() - 1).sequence();
        journal.release(last);
        wake.run();
        // Published last, so whoever awaitApplied() lets through also finds the workers woken.
        synchronized (progress) {
            applied = last;
            progress.notifyAll();
        }
        return true;
    }
}
